import Tensors

/// Random sparse matrices and graphs, the inputs kernel tests and `graphkd bench tensors` run
/// the fast and the reference kernels on.
public enum RandomFixtures {
  /// An `rows × columns` CSR matrix whose row `i` has `entriesPerRow(i)` distinct random
  /// columns (capped at `columns`) and values uniform in [−1, 1).
  public static func csr(
    rows: Int, columns: Int, generator: inout Xoshiro256StarStar, entriesPerRow: (Int) -> Int
  ) -> CSRMatrix {
    var r: [Int32] = []
    var c: [Int32] = []
    var v: [Float] = []
    for i in 0..<rows {
      let k = min(entriesPerRow(i), columns)
      for j in generator.sample(k, from: columns) {
        r.append(Int32(i))
        c.append(Int32(j))
        v.append(generator.nextFloat() * 2 - 1)
      }
    }
    return try! CSRMatrix(rowCount: rows, columnCount: columns, rows: r, columns: c, values: v)
  }

  /// A random undirected graph's symmetric adjacency (no self loops, weights 1) with `nodes`
  /// nodes and about `edges` undirected edges, built with the fast COO path.
  public static func undirectedGraph(nodes: Int, edges: Int, generator: inout Xoshiro256StarStar) -> CSRMatrix {
    var r: [Int32] = []
    var c: [Int32] = []
    r.reserveCapacity(2 * edges)
    c.reserveCapacity(2 * edges)
    while r.count < 2 * edges {
      let u = generator.nextInt(below: nodes)
      let w = generator.nextInt(below: nodes)
      guard u != w else { continue }
      r.append(Int32(u))
      c.append(Int32(w))
      r.append(Int32(w))
      c.append(Int32(u))
    }
    return try! CSRMatrix(rowCount: nodes, columnCount: nodes, rows: r, columns: c, values: nil, duplicates: .max)
  }
}
