/// How GraphKD writes numbers in tables and reports, in one place so every table (and the
/// notebook checks that recompute them) rounds the same way.
public enum NumberFormat {
  /// `x` with exactly `decimals` digits after the point, rounded half away from zero
  /// (`(x · 10^d).rounded() / 10^d`); non-finite values as Swift prints them.
  public static func fixed(_ x: Double, _ decimals: Int = 2) -> String {
    guard x.isFinite else { return "\(x)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let r = (x * scale).rounded() / scale
    var s = "\(r)"
    if let dot = s.firstIndex(of: ".") {
      let have = s.distance(from: dot, to: s.endIndex) - 1
      if have < decimals { s += String(repeating: "0", count: decimals - have) }
      if decimals == 0 { s = String(s[..<dot]) }
    }
    return s
  }

  /// An integer with thousands separated by commas: `1,433`, `-2,708`.
  public static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (k, ch) in digits.enumerated() {
      if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return n < 0 ? "-" + out : out
  }
}
