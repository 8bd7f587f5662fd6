import Tensors

/// Expected calibration error (Naeini et al., AAAI 2015; Guo et al., ICML 2017): predictions
/// are grouped into `bins` equal-width confidence bins, and
/// ECE = Σ_b (|B_b| / n) · |accuracy(B_b) − confidence(B_b)|.
public enum ExpectedCalibrationError {
  /// The ECE of `probabilities` (`[N, C]`, rows summing to 1) against `labels` on `rows`.
  public static func compute(probabilities: Tensor, labels: [Int], rows: [Int], bins: Int = 15) -> Double {
    let valid = rows.filter { labels[$0] >= 0 }
    guard !valid.isEmpty, bins > 0 else { return 0 }
    let c = probabilities.columnCount
    var count = [Int](repeating: 0, count: bins)
    var correct = [Double](repeating: 0, count: bins)
    var confidence = [Double](repeating: 0, count: bins)
    for i in valid {
      var best = 0
      for j in 1..<c where probabilities[i * c + j] > probabilities[i * c + best] { best = j }
      let p = Double(probabilities[i * c + best])
      let b = min(bins - 1, Int(p * Double(bins)))
      count[b] += 1
      confidence[b] += p
      if best == labels[i] { correct[b] += 1 }
    }
    var ece = 0.0
    for b in 0..<bins where count[b] > 0 {
      ece += abs(correct[b] - confidence[b]) / Double(valid.count)
    }
    return ece
  }
}
