import Tensors
import Testing
import _TestSupport

@Suite struct CSRMatrixTests {
  @Test func buildsFromCOOSortingAndMergingDuplicates() throws {
    let rows: [Int32] = [2, 0, 0, 1, 0]
    let cols: [Int32] = [0, 2, 1, 1, 2]
    let vals: [Float] = [1, 2, 3, 4, 5]
    let sum = try CSRMatrix(rowCount: 3, columnCount: 3, rows: rows, columns: cols, values: vals, duplicates: .sum)
    #expect(sum.rowPointers == [0, 2, 3, 4])
    #expect(sum.columnIndices == [1, 2, 1, 0])
    #expect(sum.values == [3, 7, 4, 1])
    #expect(sum.hasSortedUniqueRows)
    let maxed = try CSRMatrix(rowCount: 3, columnCount: 3, rows: rows, columns: cols, values: vals, duplicates: .max)
    #expect(maxed.values == [3, 5, 4, 1])
    let last = try CSRMatrix(
      rowCount: 3, columnCount: 3, rows: [0, 0], columns: [1, 1], values: [9, 2], duplicates: .last)
    #expect(last.values == [2])
  }

  @Test func transposeMatchesDenseTransposeAndPermutationMapsEntries() throws {
    var g = Xoshiro256StarStar(seed: 1)
    let a = RandomFixtures.csr(rows: 40, columns: 25, generator: &g) { $0 % 7 == 0 ? 0 : 1 + $0 % 5 }
    let (t, perm) = a.transposeWithPermutation
    #expect(t.toDense() == a.toDense().transposed())
    #expect(t.hasSortedUniqueRows)
    for k in 0..<t.nonzeroCount { #expect(t.values[k] == a.values[perm[k]]) }
    #expect(a.transposedValues(a.values) == t.values)
    #expect(t.transposed() == a)
  }

  @Test func denseRoundTrip() throws {
    let d = try Tensor(rows: [[0, 1, 0], [2, 0, 3]])
    let s = try CSRMatrix(dense: d)
    #expect(s.nonzeroCount == 3)
    #expect(s.toDense() == d)
  }

  @Test func symmetricNormalisationMatchesTheDenseFormula() throws {
    // A path 0 - 1 - 2 plus an existing self loop on 2 (kept, not doubled).
    let a = try CSRMatrix(rowCount: 3, columnCount: 3, rows: [0, 1, 1, 2, 2], columns: [1, 0, 2, 1, 2], values: nil)
    let n = try a.symmetricNormalizedWithSelfLoops()
    let aHat = try Tensor(rows: [[1, 1, 0], [1, 1, 1], [0, 1, 1]])
    let degree: [Float] = [2, 3, 2]
    var expected = Tensor(zeros: [3, 3])
    for i in 0..<3 {
      for j in 0..<3 { expected[i, j] = aHat[i, j] / (degree[i] * degree[j]).squareRoot() }
    }
    #expect(isApproximatelyEqual(n.toDense(), expected, relativeTolerance: 1e-6))
  }

  @Test func fusedGCNNormalisationEqualsAddingLoopsThenNormalising() throws {
    // Weighted random matrices: rows with and without their own loop, empty rows, rows whose
    // columns all lie below or above the diagonal. Bit-identical, entries and structure.
    var g = Xoshiro256StarStar(seed: 11)
    for widest in [1, 3, 7, 21] {
      let a = RandomFixtures.csr(rows: 40, columns: 40, generator: &g) { ($0 * 5 + 3) % (widest + 2) }
      let weighted = try a.withValues(a.values.map { abs($0) + 0.25 })
      let fused = try weighted.symmetricNormalizedWithSelfLoops()
      let composed = try weighted.addingSelfLoops(value: 1).symmetricNormalized()
      #expect(fused.rowPointers == composed.rowPointers)
      #expect(fused.columnIndices == composed.columnIndices)
      #expect(fused.values.map(\.bitPattern) == composed.values.map(\.bitPattern))
    }
    #expect(throws: TensorError.self) {
      try CSRMatrix(rowCount: 2, columnCount: 3, rows: [0], columns: [2], values: nil)
        .symmetricNormalizedWithSelfLoops()
    }
  }

  @Test func rowNormalisationMakesRowsSumToOne() throws {
    var g = Xoshiro256StarStar(seed: 2)
    let a = RandomFixtures.csr(rows: 30, columns: 30, generator: &g) { $0 % 4 }
    let pos = try a.withValues(a.values.map { abs($0) + 0.1 })
    for (i, s) in pos.rowNormalized().rowSums.enumerated() {
      #expect(pos.rowLengths[i] == 0 ? s == 0 : abs(s - 1) < 1e-5)
    }
  }

  @Test func rejectsBrokenArraysWithMessagesNamingTheProblem() {
    let nonMonotone = #expect(throws: TensorError.self) {
      try CSRMatrix(rowCount: 2, columnCount: 2, rowPointers: [0, 2, 1], columnIndices: [0], values: [1])
    }
    #expect(
      nonMonotone?.description
        == "CSRMatrix.init: expected non-decreasing row pointers, but got rowPointers[2] = 1 < rowPointers[1] = 2")
    let negative = #expect(throws: TensorError.self) {
      try CSRMatrix(rowCount: 1, columnCount: 2, rowPointers: [0, 1], columnIndices: [-1], values: [1])
    }
    #expect(negative?.kind == .index)
    #expect(negative?.description == "CSRMatrix.init: expected column indices in 0..<2, but got -1 at entry 0")
    let outOfRange = #expect(throws: TensorError.self) {
      try CSRMatrix(rowCount: 1, columnCount: 2, rowPointers: [0, 1], columnIndices: [2], values: [1])
    }
    #expect(outOfRange?.kind == .index)
    let wrongCount = #expect(throws: TensorError.self) {
      try CSRMatrix(rowCount: 2, columnCount: 2, rowPointers: [0, 1], columnIndices: [0], values: [1])
    }
    #expect(wrongCount?.description == "CSRMatrix.init: expected 3 row pointers (rowCount + 1), but got 2")
    let nan = #expect(throws: TensorError.self) {
      try CSRMatrix(rowCount: 1, columnCount: 1, rowPointers: [0, 1], columnIndices: [0], values: [.nan])
    }
    #expect(nan?.kind == .nonFinite)
    let badCOO = #expect(throws: TensorError.self) {
      try CSRMatrix(rowCount: 2, columnCount: 2, rows: [0, 5], columns: [0, 1], values: nil)
    }
    #expect(
      badCOO?.description == "CSRMatrix.init(rows:columns:): expected row coordinates in 0..<2, but got 5 at entry 1")
  }
}
