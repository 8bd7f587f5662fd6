import GNN
import Tensors

/// The relational variant of local structure preserving distillation, for students without
/// a graph (an MLP): instead of its neighbours, every node i gets `anchorCount` anchor nodes
/// A(i) drawn uniformly without replacement from the other nodes, redrawn every epoch from a
/// seeded stream, and matches the teacher's similarity distribution over them,
///
///     R_ij = exp(s(h_i, h_j)) / Σ_{k∈A(i)} exp(s(h_i, h_k)),   L = (1/N) Σ_i KL(R^t_i ‖ R^s_i),
///
/// with the same ``StructureKernel`` as ``LocalStructurePreserving`` (of which this is LSP on
/// a random graph of sampled pairs: relational knowledge distillation in the sense of Park et
/// al., "Relational Knowledge Distillation", CVPR 2019, with Yang et al.'s neighbourhood
/// distributions). Over the epochs every pair is compared, so the student learns the
/// teacher's global geometry without ever seeing an edge.
public final class RelationalStructurePreserving: DistillationLoss {
  /// The similarity kernel.
  public let kernel: StructureKernel
  /// Anchors per node (fewer when the graph has fewer other nodes).
  public let anchorCount: Int
  private let random: RandomSource

  /// Creates the loss; `random` fixes the anchors drawn each epoch.
  /// - Precondition: `anchorCount > 0`.
  public init(kernel: StructureKernel = .gaussian, anchorCount: Int = 64, random: RandomSource) {
    precondition(anchorCount > 0, "RelationalStructurePreserving: anchorCount must be positive")
    self.kernel = kernel
    self.anchorCount = anchorCount
    self.random = random
  }

  /// None: the relational loss has no trainable parameters.
  public var parameters: [Variable] { [] }

  /// A fresh pattern of sampled pairs: row i holds `min(anchorCount, n − 1)` distinct nodes
  /// other than i, sorted.
  public func sampleAnchors(nodeCount n: Int) -> CSRMatrix {
    let k = min(anchorCount, n - 1)
    var pointers = [0]
    var columns: [Int32] = []
    columns.reserveCapacity(n * max(k, 0))
    for i in 0..<n {
      if k > 0 {
        // Floyd's algorithm over the n − 1 other nodes: k distinct draws, k random numbers.
        var drawn: [Int32] = []
        drawn.reserveCapacity(k)
        for j in (n - 1 - k)..<(n - 1) {
          let t = Int32(random.generator.nextInt(below: j + 1))
          drawn.append(drawn.contains(t) ? Int32(j) : t)
        }
        drawn.sort()
        columns.append(contentsOf: drawn.map { $0 >= Int32(i) ? $0 + 1 : $0 })
      }
      pointers.append(columns.count)
    }
    return CSRMatrix(
      unchecked: n, columnCount: n, rowPointers: pointers, columnIndices: columns,
      values: [Float](repeating: 1, count: columns.count))
  }

  /// The loss of `student` against `teacher` on the given pairs.
  /// - Throws: ``TensorError`` when the representations do not have one row per node.
  public func callAsFunction(student: Variable, teacher: Tensor, pairs: CSRMatrix) throws -> Variable {
    let target = try kernel.distribution(pattern: pairs, representation: teacher)
    return try edgeKLDivergence(
      pattern: pairs, target: target, scores: kernel.scores(pattern: pairs, representation: student))
  }

  /// The loss on newly drawn anchors, student's deepest hidden layer against the teacher's.
  public func loss(_ context: DistillationContext) throws -> Variable {
    let (s, t) = try context.representations(for: "rkd")
    guard s.value.rowCount > 1 else {
      throw TensorError.value("rkd", expected: "at least two nodes to relate", actual: "\(s.value.rowCount)")
    }
    return try self(student: s, teacher: t, pairs: sampleAnchors(nodeCount: s.value.rowCount))
  }
}
