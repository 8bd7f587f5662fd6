import Tensors

/// How structure-preserving distillation turns two nodes' representations into a similarity
/// score, and so each node's distribution over its neighbours (or sampled anchors):
///
///     q_ij = exp(s(h_i, h_j)) / Σ_{k∈N(i)} exp(s(h_i, h_k))
///
/// Yang et al. ("Distilling Knowledge from Graph Convolutional Networks", CVPR 2020) compare a
/// linear, a polynomial and an RBF kernel and find the RBF kernel best. GraphKD's default,
/// ``gaussian``, is the RBF kernel normalised over the neighbourhood,
/// `s_ij = −‖h_i − h_j‖² / (2σ²)` so that `q_ij ∝ exp(−‖h_i − h_j‖²/(2σ²))`, with the
/// bandwidth set per representation to the mean squared distance over the compared pairs,
/// `2σ² = mean_(i,j) ‖h_i − h_j‖²` (differentiated through, so the scores are invariant to the
/// representation's scale and the gradient is exact). That makes the
/// distributions of a 64-wide teacher and an 8-wide student comparable without a projector.
public enum StructureKernel: String, Codable, Sendable, CaseIterable {
  /// `s_ij = −‖h_i − h_j‖² / mean_(k,l) ‖h_k − h_l‖²` (normalised RBF kernel, scale-free).
  case gaussian
  /// `s_ij = h_i · h_j` (the linear kernel).
  case linear

  /// Differentiable per-entry scores of `representation` on the entries of the square `pattern`.
  /// - Throws: ``TensorError`` when the representation has not one row per node.
  public func scores(pattern: CSRMatrix, representation h: Variable) throws -> Variable {
    switch self {
    case .linear: return try sddmm(pattern: pattern, h, h)
    case .gaussian:
      let distances = try edgeSquaredDistance(pattern: pattern, h)
      return -(try distances / (mean(distances) + 1e-12))
    }
  }

  /// The fixed distribution of a constant representation (the teacher's) on `pattern`: per
  /// row, the softmax of its scores over the row's entries.
  /// - Throws: ``TensorError`` when the representation has not one row per node.
  public func distribution(pattern: CSRMatrix, representation: Tensor) throws -> Tensor {
    let s = try withoutGradients { try scores(pattern: pattern, representation: Variable(representation)) }
    return try Kernels.segmentSoftmax(pattern: pattern, scores: s.value)
  }
}
