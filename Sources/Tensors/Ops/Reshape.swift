/// The same scalars under another shape (row-major order is kept), e.g. `[B·K]` scores as a
/// `[B, K]` matrix of K scores per row.
///
/// Pullback: the gradient reshaped back to `x`'s shape.
/// - Throws: ``TensorError`` when the element counts differ.
public func reshape(_ x: Variable, to shape: [Int]) throws -> Variable {
  let original = x.shape
  let y = try x.value.reshaped(shape)
  return Variable(value: y, parents: [x]) { g in [try g.reshaped(original)] }
}
