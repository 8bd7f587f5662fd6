// Element-wise activations. Each pullback multiplies the incoming gradient by the derivative,
// computed from the input or (where cheaper) the output.

@inline(__always)
private func unary(
  _ x: Variable, _ f: (Float) -> Float, derivative: @escaping (_ input: Float, _ output: Float) -> Float
) -> Variable {
  let input = x.value
  let output = input.map(f)
  return Variable(value: output, parents: [x]) { g in
    [g.zipMap(input, output) { g, x, y in g * derivative(x, y) }]
  }
}

/// max(0, x). The derivative at 0 is taken as 0.
public func relu(_ x: Variable) -> Variable {
  unary(x, { max($0, 0) }, derivative: { x, _ in x > 0 ? 1 : 0 })
}

/// x for x > 0, `negativeSlope` · x otherwise (GAT uses 0.2).
public func leakyRelu(_ x: Variable, negativeSlope: Float = 0.01) -> Variable {
  unary(x, { $0 > 0 ? $0 : negativeSlope * $0 }, derivative: { x, _ in x > 0 ? 1 : negativeSlope })
}

/// x for x > 0, α(eˣ − 1) otherwise (Clevert et al., ICLR 2016).
public func elu(_ x: Variable, alpha: Float = 1) -> Variable {
  unary(x, { $0 > 0 ? $0 : alpha * (_expf($0) - 1) }, derivative: { x, y in x > 0 ? 1 : y + alpha })
}

/// The hyperbolic tangent.
public func tanh(_ x: Variable) -> Variable {
  unary(x, { _tanhf($0) }, derivative: { _, y in 1 - y * y })
}

/// The logistic sigmoid 1 / (1 + e⁻ˣ), computed without overflow for large |x|.
public func sigmoid(_ x: Variable) -> Variable {
  unary(
    x,
    { v in
      if v >= 0 { return 1 / (1 + _expf(-v)) }
      let e = _expf(v)
      return e / (1 + e)
    }, derivative: { _, y in y * (1 - y) })
}

/// eˣ element-wise.
public func exp(_ x: Variable) -> Variable {
  unary(x, { _expf($0) }, derivative: { _, y in y })
}

/// The natural logarithm element-wise (inputs must be positive).
public func log(_ x: Variable) -> Variable {
  unary(x, { _logf($0) }, derivative: { x, _ in 1 / x })
}

/// x² element-wise.
public func square(_ x: Variable) -> Variable {
  unary(x, { $0 * $0 }, derivative: { x, _ in 2 * x })
}
