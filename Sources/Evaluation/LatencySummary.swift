/// Wall-clock times of repeated runs of one piece of work, summarised.
///
/// Percentiles are nearest-rank: the p-th percentile of n sorted samples is the sample at
/// position ⌈p·n⌉ (1-based); the median of an even count is the mean of the two middle samples.
public struct LatencySummary: Codable, Sendable, Equatable {
  /// Number of timed runs (warm-up runs excluded).
  public var count: Int
  /// Median seconds.
  public var medianSeconds: Double
  /// 90th-percentile seconds (nearest rank).
  public var p90Seconds: Double
  /// Fastest run, seconds.
  public var minimumSeconds: Double
  /// Slowest run, seconds.
  public var maximumSeconds: Double
  /// Mean seconds.
  public var meanSeconds: Double

  /// Summarises `samples` (seconds).
  /// - Throws: ``EvaluationError`` for an empty list or a negative or non-finite sample.
  public init(samples: [Double]) throws {
    guard !samples.isEmpty else {
      throw EvaluationError(operation: "LatencySummary", expected: "at least one sample", actual: "none")
    }
    if let bad = samples.first(where: { !($0.isFinite && $0 >= 0) }) {
      throw EvaluationError(
        operation: "LatencySummary", expected: "finite, non-negative durations", actual: "\(bad)")
    }
    let sorted = samples.sorted()
    let n = sorted.count
    count = n
    medianSeconds = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    p90Seconds = sorted[Swift.max(0, Int((0.9 * Double(n)).rounded(.up)) - 1)]
    minimumSeconds = sorted[0]
    maximumSeconds = sorted[n - 1]
    meanSeconds = sorted.reduce(0, +) / Double(n)
  }

  /// Times `repetitions` calls of `body` after `warmup` untimed calls.
  /// - Throws: ``EvaluationError`` when `repetitions < 1` or `warmup < 0`; rethrows `body`'s errors.
  public static func measure(repetitions: Int, warmup: Int, _ body: () throws -> Void) throws -> LatencySummary {
    guard repetitions >= 1, warmup >= 0 else {
      throw EvaluationError(
        operation: "LatencySummary.measure", expected: "repetitions ≥ 1 and warmup ≥ 0",
        actual: "repetitions = \(repetitions), warmup = \(warmup)")
    }
    for _ in 0..<warmup { try body() }
    var samples: [Double] = []
    samples.reserveCapacity(repetitions)
    for _ in 0..<repetitions { samples.append(try seconds(body)) }
    return try LatencySummary(samples: samples)
  }

  /// Seconds taken by one call of `body` (monotonic clock).
  public static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    try body()
    let d = clock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
