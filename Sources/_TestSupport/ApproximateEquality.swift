import Tensors

/// The largest element-wise difference between two tensors, relative to
/// `max(|a|, |b|, absoluteFloor)`; `.infinity` when the shapes differ.
public func maxRelativeDifference(_ a: Tensor, _ b: Tensor, absoluteFloor: Float = 1e-3) -> Float {
  guard a.shape == b.shape else { return .infinity }
  var worst: Float = 0
  for i in 0..<a.count {
    let (x, y) = (a[i], b[i])
    if x.isNaN || y.isNaN { return .infinity }
    let scale = max(abs(x), abs(y), absoluteFloor)
    worst = max(worst, abs(x - y) / scale)
  }
  return worst
}

/// Whether two tensors have the same shape and agree element-wise within
/// `|a − b| ≤ absoluteTolerance + relativeTolerance · max(|a|, |b|)`.
public func isApproximatelyEqual(
  _ a: Tensor, _ b: Tensor, relativeTolerance: Float = 1e-4, absoluteTolerance: Float = 1e-5
) -> Bool {
  guard a.shape == b.shape else { return false }
  for i in 0..<a.count {
    let (x, y) = (a[i], b[i])
    if x.isNaN != y.isNaN { return false }
    if abs(x - y) > absoluteTolerance + relativeTolerance * max(abs(x), abs(y)) { return false }
  }
  return true
}

/// Element-wise comparison of two `Float` arrays with the same rule as tensors.
public func isApproximatelyEqual(
  _ a: [Float], _ b: [Float], relativeTolerance: Float = 1e-4, absoluteTolerance: Float = 1e-5
) -> Bool {
  isApproximatelyEqual(
    Tensor(a), Tensor(b), relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance)
}

/// Whether `fast` agrees with `reference` within the rounding error of a Float32 sum:
/// `|fast − reference| ≤ relativeTolerance · magnitude + absoluteTolerance` element-wise, where
/// `magnitude` is the same computation on absolute values (Σ|aᵢ||bᵢ|). This is the right test
/// for long dot products whose terms cancel: their result can be near zero while each term is
/// not, so a plain relative error would be meaningless.
public func isWithinAccumulationError(
  _ fast: Tensor, _ reference: Tensor, magnitude: Tensor, relativeTolerance: Float = 1e-5,
  absoluteTolerance: Float = 1e-6
) -> Bool {
  guard fast.shape == reference.shape, magnitude.count == fast.count else { return false }
  for i in 0..<fast.count {
    let bound = relativeTolerance * magnitude[i] + absoluteTolerance
    if !(abs(fast[i] - reference[i]) <= bound) { return false }
  }
  return true
}
