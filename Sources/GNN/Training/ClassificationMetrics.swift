import Tensors

/// Accuracy and macro-F1 of class predictions on a set of nodes.
public enum ClassificationMetrics {
  /// The index of the largest score in each row of `[N, C]` logits (first on ties).
  public static func predictions(_ logits: Tensor) -> [Int] {
    let c = logits.columnCount
    return logits.withUnsafeBufferPointer { p in (0..<logits.rowCount).map { argmax(p, row: $0, columns: c) } }
  }

  /// The fraction of `rows` whose largest logit is at the label (first on ties), looking only
  /// at those rows; equal to `accuracy(predictions: predictions(logits), labels:, rows:)`.
  public static func accuracy(logits: Tensor, labels: [Int], rows: [Int]) -> Double {
    guard !rows.isEmpty else { return 0 }
    let c = logits.columnCount
    let correct = logits.withUnsafeBufferPointer { p in
      rows.reduce(0) { $0 + (argmax(p, row: $1, columns: c) == labels[$1] ? 1 : 0) }
    }
    return Double(correct) / Double(rows.count)
  }

  /// The column of row `i`'s largest value (the first on ties).
  @inline(__always)
  static func argmax(_ p: UnsafeBufferPointer<Float>, row i: Int, columns c: Int) -> Int {
    var best = 0
    for j in 1..<max(c, 1) where p[i * c + j] > p[i * c + best] { best = j }
    return best
  }

  /// The fraction of `rows` whose prediction equals the label.
  public static func accuracy(predictions: [Int], labels: [Int], rows: [Int]) -> Double {
    guard !rows.isEmpty else { return 0 }
    let correct = rows.reduce(0) { $0 + (predictions[$1] == labels[$1] ? 1 : 0) }
    return Double(correct) / Double(rows.count)
  }

  /// The unweighted mean over classes of F1 = 2·TP / (2·TP + FP + FN), over the classes that
  /// occur among the labels or predictions of `rows` (scikit-learn's `average="macro"`).
  public static func macroF1(predictions: [Int], labels: [Int], rows: [Int], classCount: Int) -> Double {
    var tp = [Int](repeating: 0, count: classCount)
    var fp = tp
    var fn = tp
    for i in rows {
      let (p, y) = (predictions[i], labels[i])
      if p == y {
        tp[y] += 1
      } else {
        if p >= 0 && p < classCount { fp[p] += 1 }
        if y >= 0 && y < classCount { fn[y] += 1 }
      }
    }
    var sum = 0.0
    var present = 0
    for c in 0..<classCount where tp[c] + fp[c] + fn[c] > 0 {
      sum += Double(2 * tp[c]) / Double(2 * tp[c] + fp[c] + fn[c])
      present += 1
    }
    return present == 0 ? 0 : sum / Double(present)
  }
}
