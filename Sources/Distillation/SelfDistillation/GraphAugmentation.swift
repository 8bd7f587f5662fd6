import GNN
import Tensors

/// Random views of the input for consistency training, drawn from a seeded source.
public enum GraphAugmentation {
  /// DropNode (Feng et al., "Graph Random Neural Network", NeurIPS 2020): each node's whole
  /// feature row is zeroed with probability `probability`; survivors are scaled by 1/(1 − p).
  public static func dropNodes(_ x: LayerInput, probability p: Float, random: RandomSource) throws -> LayerInput {
    guard p > 0 else { return x }
    var g = random.generator
    let keep = (0..<x.nodeCount).map { _ in g.nextFloat() >= p }
    random.generator = g
    let scale = 1 / (1 - p)
    switch x {
    case .sparse(let m):
      var values = m.values
      for i in 0..<m.rowCount {
        let factor: Float = keep[i] ? scale : 0
        for k in m.rowPointers[i]..<m.rowPointers[i + 1] { values[k] *= factor }
      }
      return .sparse(try m.withValues(values))
    case .dense(let v):
      var mask = Tensor(zeros: [v.value.rowCount, 1])
      for i in 0..<x.nodeCount { mask[i] = keep[i] ? scale : 0 }
      return .dense(try v * Variable(mask))
    }
  }

  /// DropEdge (Rong et al., ICLR 2020): each undirected edge {i, j} (both stored directions)
  /// is removed with probability `probability`; self loops are kept. The keep/drop decision of
  /// a pair is a hash of the pair and one draw from `random`, so both directions agree and the
  /// rows are filtered in place, without re-sorting. Returns a new graph structure.
  public static func dropEdges(_ graph: GraphStructure, probability p: Float, random: RandomSource) throws
    -> GraphStructure
  {
    guard p > 0 else { return graph }
    let a = graph.adjacency
    let salt = random.generator.next()
    let threshold = UInt64(Double(p) * 18_446_744_073_709_551_615.0)
    var pointers = [Int](repeating: 0, count: a.rowCount + 1)
    var cols: [Int32] = []
    var vals: [Float] = []
    cols.reserveCapacity(a.nonzeroCount)
    vals.reserveCapacity(a.nonzeroCount)
    for i in 0..<a.rowCount {
      for k in a.rowPointers[i]..<a.rowPointers[i + 1] {
        let j = Int(a.columnIndices[k])
        if i != j {
          let key = UInt64(min(i, j)) << 32 | UInt64(max(i, j))
          if mix(key ^ salt) < threshold { continue }
        }
        cols.append(a.columnIndices[k])
        vals.append(a.values[k])
      }
      pointers[i + 1] = cols.count
    }
    let dropped = CSRMatrix(
      unchecked: a.rowCount, columnCount: a.columnCount, rowPointers: pointers, columnIndices: cols, values: vals)
    return try GraphStructure(adjacency: a.isSymmetric ? dropped.declaringSymmetric() : dropped)
  }

  /// SplitMix64's finaliser: a well-mixed 64-bit hash.
  static func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
