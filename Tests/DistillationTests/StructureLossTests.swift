import Distillation
import GNN
import Tensors
import Testing
import _TestSupport

@Suite struct StructureLossTests {
  static let student = try! Tensor(rows: [[1.0, -0.5], [0.3, 0.8], [-0.2, 0.1], [0.5, 0.5], [0.0, 1.0]])
  static let teacher = try! Tensor(
    rows: [[0.2, 0.1, -0.3], [1.0, 0.0, 0.5], [-0.5, 0.4, 0.9], [0.3, -0.2, 0.1], [0.7, 0.7, 0.0]])
  /// 0–1, 0–2, 1–2, 2–3 (undirected); node 4 isolated.
  static let graph = try! CSRMatrix(
    rowCount: 5, columnCount: 5, rowPointers: [0, 2, 4, 7, 8, 8], columnIndices: [1, 2, 0, 2, 0, 1, 3, 2])
  /// Fixed anchors for the relational variant.
  static let pairs = try! CSRMatrix(
    rowCount: 5, columnCount: 5, rowPointers: [0, 2, 4, 6, 8, 10], columnIndices: [2, 4, 0, 3, 1, 4, 0, 1, 2, 3])

  /// Golden values from scripts/golden/local_structure.py (an independent NumPy implementation).
  @Test func lspMatchesTheNumPyReference() throws {
    let gaussian = try LocalStructurePreserving(kernel: .gaussian)(
      student: Variable(Self.student), teacher: Self.teacher, adjacency: Self.graph)
    let linear = try LocalStructurePreserving(kernel: .linear)(
      student: Variable(Self.student), teacher: Self.teacher, adjacency: Self.graph)
    #expect(abs(gaussian.value.scalar - 0.127125) < 1e-5)
    #expect(abs(linear.value.scalar - 0.003135) < 1e-5)
  }

  @Test func relationalMatchesTheNumPyReference() throws {
    let loss = try RelationalStructurePreserving(kernel: .gaussian, anchorCount: 2, random: RandomSource(seed: 0))(
      student: Variable(Self.student), teacher: Self.teacher, pairs: Self.pairs)
    #expect(abs(loss.value.scalar - 0.198484) < 1e-5)
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    for kernel in StructureKernel.allCases {
      let lsp = LocalStructurePreserving(kernel: kernel)
      let r1 = try checkGradients(at: [Self.student]) { v in
        try lsp(student: v[0], teacher: Self.teacher, adjacency: Self.graph)
      }
      #expect(r1.worstRelativeError < 1e-2, "lsp \(kernel): \(r1)")
      let rkd = RelationalStructurePreserving(kernel: kernel, anchorCount: 2, random: RandomSource(seed: 0))
      let r2 = try checkGradients(at: [Self.student]) { v in
        try rkd(student: v[0], teacher: Self.teacher, pairs: Self.pairs)
      }
      #expect(r2.worstRelativeError < 1e-2, "rkd \(kernel): \(r2)")
    }
  }

  @Test func aStudentWithTheTeachersGeometryHasNoLoss() throws {
    // The gaussian kernel is scale-free: a scaled copy of the teacher has the same distributions.
    let scaled = Self.teacher.map { 3 * $0 }
    let loss = try LocalStructurePreserving()(student: Variable(scaled), teacher: Self.teacher, adjacency: Self.graph)
    #expect(abs(loss.value.scalar) < 1e-5)
  }

  @Test func anchorsAreDistinctOtherNodesRedrawnEachTimeAndSeeded() throws {
    let a = RelationalStructurePreserving(anchorCount: 3, random: RandomSource(seed: 5))
    let b = RelationalStructurePreserving(anchorCount: 3, random: RandomSource(seed: 5))
    let first = a.sampleAnchors(nodeCount: 10)
    let second = a.sampleAnchors(nodeCount: 10)
    #expect(first == b.sampleAnchors(nodeCount: 10))
    #expect(first != second)
    #expect(first.invariantViolation() == nil)
    for i in 0..<10 {
      let row = first.columnIndices[first.rowPointers[i]..<first.rowPointers[i + 1]].map { Int($0) }
      #expect(row.count == 3 && !row.contains(i) && Set(row).count == 3)
    }
    #expect(
      RelationalStructurePreserving(anchorCount: 64, random: RandomSource(seed: 0)).sampleAnchors(nodeCount: 4)
        .nonzeroCount == 12)
  }
}
