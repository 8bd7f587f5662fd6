/// The rows of `x` at `indices` (repeats allowed), e.g. the embeddings of a batch of nodes.
///
/// Pullback: scatter-add of the gradient rows back to their source rows.
/// Shapes: `x` `[n, d]`, `indices` `[m]` → `[m, d]`.
public func gatherRows(_ x: Variable, indices: [Int]) throws -> Variable {
  let out = try Kernels.gatherRows(x.value, indices: indices)
  let n = x.value.rank == 2 ? x.shape[0] : x.value.count
  return Variable(value: out, parents: [x]) { g in
    [try Kernels.scatterAddRows(g, indices: indices, rowCount: n)]
  }
}
