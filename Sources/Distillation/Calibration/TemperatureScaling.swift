import Tensors

/// Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017):
/// one scalar T, fitted on held-out nodes, divides the logits so that softmax(z/T) has the
/// lowest negative log-likelihood there. It changes confidence, never the predicted class.
public enum TemperatureScaling {
  /// The T in [0.05, 20] minimising the mean NLL of `labels` on `rows` (golden-section search
  /// on log T; the NLL is unimodal in T for fixed logits).
  public static func fit(logits: Tensor, labels: [Int], rows: [Int]) -> Float {
    let valid = rows.filter { labels[$0] >= 0 && labels[$0] < logits.columnCount }
    guard !valid.isEmpty else { return 1 }
    func nll(_ logT: Double) -> Double {
      let t = Float(_exp(logT))
      let lp = rowLogSoftmax(logits, temperature: t)
      let c = logits.columnCount
      return valid.reduce(0.0) { $0 - Double(lp[$1 * c + labels[$1]]) } / Double(valid.count)
    }
    var (lo, hi) = (_log(0.05), _log(20.0))
    let ratio = (5.0.squareRoot() - 1) / 2
    var x1 = hi - ratio * (hi - lo)
    var x2 = lo + ratio * (hi - lo)
    var f1 = nll(x1)
    var f2 = nll(x2)
    for _ in 0..<60 {
      if f1 < f2 {
        hi = x2
        x2 = x1
        f2 = f1
        x1 = hi - ratio * (hi - lo)
        f1 = nll(x1)
      } else {
        lo = x1
        x1 = x2
        f1 = f2
        x2 = lo + ratio * (hi - lo)
        f2 = nll(x2)
      }
    }
    return Float(_exp((lo + hi) / 2))
  }
}

#if canImport(Glibc)
  import Glibc
  @inline(__always) func _exp(_ x: Double) -> Double { Glibc.exp(x) }
  @inline(__always) func _log(_ x: Double) -> Double { Glibc.log(x) }
#endif
