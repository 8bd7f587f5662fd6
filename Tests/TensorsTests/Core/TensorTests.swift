import Tensors
import Testing

@Suite struct TensorTests {
  @Test func buildsFromShapeAndScalarsAndIndexesRowMajor() throws {
    let t = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    #expect(t.rank == 2 && t.count == 6 && t.rowCount == 2 && t.columnCount == 3)
    #expect(t[1, 0] == 4)
    #expect(t.row(1) == [4, 5, 6])
    #expect(t.transposed().shape == [3, 2])
    #expect(t.transposed()[2, 1] == 6)
  }

  @Test func hasValueSemantics() throws {
    let a = try Tensor(shape: [2], scalars: [1, 2])
    var b = a
    b[0] = 10
    #expect(a[0] == 1)
    #expect(b[0] == 10)
  }

  @Test func rejectsMismatchedElementCountsNamingBoth() {
    let error = #expect(throws: TensorError.self) { try Tensor(shape: [2, 3], scalars: [1, 2, 3]) }
    #expect(error?.kind == .shape)
    #expect(error?.description == "Tensor.init: expected 6 elements for shape [2, 3], but got 3 elements")
  }

  @Test func rejectsRankAboveTwoAndNegativeExtents() {
    #expect(throws: TensorError.self) { try Tensor(shape: [1, 2, 3], scalars: [1, 2, 3, 4, 5, 6]) }
    #expect(throws: TensorError.self) { try Tensor(shape: [-1], scalars: []) }
    #expect(throws: TensorError.self) { try Tensor(rows: [[1, 2], [3]]) }
  }

  @Test func checkFiniteNamesTheFirstBadElement() throws {
    let t = try Tensor(shape: [3], scalars: [1, .nan, .infinity])
    #expect(!t.isFinite)
    let error = #expect(throws: TensorError.self) { try t.checkFinite(operation: "test", name: "features") }
    #expect(error?.kind == .nonFinite)
    #expect(error?.description.contains("element 1") == true)
  }

  @Test func glorotUniformRespectsItsBound() {
    var g = Xoshiro256StarStar(seed: 0)
    let w = Tensor.glorotUniform(fanIn: 100, fanOut: 50, generator: &g)
    let bound = (6.0 / 150.0 as Float).squareRoot()
    #expect(w.shape == [100, 50])
    #expect(w.scalars.allSatisfy { abs($0) <= bound })
    #expect(w.scalars.contains { $0 > bound * 0.9 } && w.scalars.contains { $0 < -bound * 0.9 })
  }
}
