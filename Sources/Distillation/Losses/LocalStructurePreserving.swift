import Tensors

/// Local structure preserving distillation (LSP; Yang et al., "Distilling Knowledge from
/// Graph Convolutional Networks", CVPR 2020): every node i has a distribution over its
/// neighbours j ∈ N(i) from a kernel on the representations,
///
///     LS_ij = exp(s(h_i, h_j)) / Σ_{k∈N(i)} exp(s(h_i, h_k)),
///
/// computed for the teacher (its stored hidden representation) and for the student (its
/// deepest hidden layer), and the student matches the teacher's by
///
///     L_LSP = (1/|V'|) Σ_{i∈V'} KL(LS^t_i ‖ LS^s_i)
///
/// (V': the nodes with at least one neighbour; the paper sums over nodes, GraphKD averages so
/// the weight does not scale with the graph). The kernel is a ``StructureKernel``; the scores
/// are per-edge kernels (SDDMM or ``edgeSquaredDistance(pattern:_:)``), the normalisation is the
/// edge softmax and the KL is ``edgeKLDivergence(pattern:target:scores:)``. Teacher and student
/// widths may differ: each kernel stays inside its own space. Needs the graph at training
/// time only, so it suits GNN students; an MLP student uses ``RelationalStructurePreserving``.
public final class LocalStructurePreserving: DistillationLoss {
  /// The similarity kernel.
  public let kernel: StructureKernel
  private var teacherCache: (pattern: CSRMatrix, distribution: Tensor)?

  /// Creates the loss.
  public init(kernel: StructureKernel = .gaussian) { self.kernel = kernel }

  /// None: LSP has no trainable parameters.
  public var parameters: [Variable] { [] }

  /// `L_LSP` of `student` against `teacher` on the neighbourhoods of `adjacency`.
  /// - Throws: ``TensorError`` when the representations do not have one row per node.
  public func callAsFunction(student: Variable, teacher: Tensor, adjacency: CSRMatrix) throws -> Variable {
    let target: Tensor
    if let cache = teacherCache, cache.pattern == adjacency {
      target = cache.distribution
    } else {
      target = try kernel.distribution(pattern: adjacency, representation: teacher)
      teacherCache = (adjacency, target)
    }
    return try edgeKLDivergence(
      pattern: adjacency, target: target, scores: kernel.scores(pattern: adjacency, representation: student))
  }

  /// `L_LSP` on the context's graph, student's deepest hidden layer against the teacher's.
  public func loss(_ context: DistillationContext) throws -> Variable {
    let (s, t) = try context.representations(for: "lsp")
    return try self(student: s, teacher: t, adjacency: context.graph.adjacency)
  }
}
