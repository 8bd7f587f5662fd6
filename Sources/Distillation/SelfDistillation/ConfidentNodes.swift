import Tensors

/// Chooses the nodes whose predictions are confident enough to serve as targets.
public enum ConfidentNodes {
  /// Nodes (outside `excluding`) whose largest probability is at least `threshold`. With
  /// `classBalanced`, each predicted class keeps only its most confident nodes, as many as the
  /// least represented class has (so no class dominates the targets); classes with none are
  /// ignored for that minimum. With `threshold` 0 and no balancing, every node is returned.
  public static func select(probabilities p: Tensor, threshold: Float, classBalanced: Bool, excluding: Set<Int>)
    -> [Int]
  {
    let (n, c) = (p.rowCount, p.columnCount)
    if threshold <= 0 && !classBalanced { return Array(0..<n) }
    // Per predicted class, one sort key per node: descending confidence (the bit pattern of a
    // non-negative float orders like the float), then ascending node.
    var byClass = [[UInt64]](repeating: [], count: c)
    var excluded = [Bool](repeating: false, count: n)
    for i in excluding where i >= 0 && i < n { excluded[i] = true }
    p.withUnsafeBufferPointer { q in
      for i in 0..<n where !excluded[i] {
        var best = 0
        for j in 1..<c where q[i * c + j] > q[i * c + best] { best = j }
        let confidence = q[i * c + best]
        if confidence >= threshold {
          byClass[best].append(UInt64(UInt32.max - max(confidence, 0).bitPattern) << 32 | UInt64(i))
        }
      }
    }
    let present = byClass.filter { !$0.isEmpty }
    guard let cap = classBalanced ? present.map(\.count).min() : Int.max else { return [] }
    var nodes: [Int] = []
    for var group in present {
      if group.count > cap { group.sort() }
      nodes += group.prefix(cap).map { Int($0 & 0xFFFF_FFFF) }
    }
    nodes.sort()
    return nodes
  }
}
