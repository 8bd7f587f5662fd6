/// Timing helpers for benchmarks: run a closure several times and report the median.
enum Stopwatch {
  /// Seconds taken by one call of `body`.
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let d = clock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }

  /// The median time of `repetitions` calls after `warmup` untimed calls.
  static func median(repetitions: Int, warmup: Int = 1, _ body: () throws -> Void) rethrows -> Double {
    for _ in 0..<warmup { try body() }
    var times: [Double] = []
    for _ in 0..<max(1, repetitions) { times.append(try seconds(body)) }
    times.sort()
    return times[times.count / 2]
  }
}
