/// Inverted dropout (Srivastava et al., JMLR 2014): each element is zeroed with probability
/// `probability` and the survivors are scaled by 1 / (1 − p), so the expected value is
/// unchanged. The mask is drawn from `generator`, so a seed fixes it.
///
/// Call it only in training mode; at evaluation time dropout is the identity.
/// Pullback: the gradient passes through the same mask and scale.
/// - Throws: ``TensorError`` when `probability` is outside [0, 1).
public func dropout(_ x: Variable, probability: Float, generator: inout Xoshiro256StarStar) throws -> Variable {
  guard probability >= 0, probability < 1 else {
    throw TensorError.value("dropout", expected: "a probability in [0, 1)", actual: "\(probability)")
  }
  guard probability > 0 else { return x }
  let keepScale = 1 / (1 - probability)
  var mask = Tensor(zeros: x.shape)
  mask.withUnsafeMutableBufferPointer { m in
    generator.fillDropoutMask(m, dropProbability: probability, keptValue: keepScale)
  }
  return Variable(value: x.value.zipMap(mask, *), parents: [x]) { g in [g.zipMap(mask, *)] }
}
