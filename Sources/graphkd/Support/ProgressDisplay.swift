import Foundation
import GraphKD

/// Shows a ``LabelScarcePipeline``'s progress: a redrawn bar (stage, epoch i/N, loss, validation
/// accuracy, elapsed/ETA) when standard error is a terminal, and plain log lines at most every
/// few seconds otherwise (CI, files). `--quiet` shows nothing, `--verbose` a line every 10
/// epochs and never a bar.
final class ProgressDisplay {
  /// How much to show.
  enum Level { case quiet, normal, verbose }

  let level: Level
  let isTerminal: Bool
  private let clock = ContinuousClock()
  private var stageStart = ContinuousClock().now
  private var lastDraw: ContinuousClock.Instant? = nil
  private var lastLog: ContinuousClock.Instant? = nil
  private var barVisible = false

  /// Creates a display writing to standard error.
  init(level: Level, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
    self.level = level
    self.isTerminal = isTerminal
  }

  /// Shows `event`; returns `false` when Ctrl-C asked the pipeline to stop.
  func handle(_ event: PipelineEvent) -> Bool {
    guard level != .quiet else { return !InterruptFlag.shared.isSet }
    switch event {
    case .started(let stage, let seed):
      stageStart = clock.now
      lastDraw = nil
      lastLog = clock.now
      if !isTerminal || level == .verbose { write("[seed \(seed)] \(stage): started\n") }
    case .epoch(let stage, let p):
      let now = clock.now
      let elapsed = Self.seconds(now - stageStart)
      if isTerminal && level == .normal {
        if lastDraw.map({ Self.seconds(now - $0) >= 0.1 }) ?? true {
          lastDraw = now
          draw(Self.bar(stage: stage, progress: p, elapsed: elapsed))
        }
      } else if level == .verbose ? p.step % 10 == 0 : lastLog.map({ Self.seconds(now - $0) >= 5 }) ?? true {
        lastLog = now
        write("[seed \(p.seed)] \(Self.line(stage: stage, progress: p, elapsed: elapsed))\n")
      }
    case .finished(_, let seed, let seconds, let summary):
      clearBar()
      write("[seed \(seed)] \(summary) (\(fixed(seconds, 1)) s)\n")
    }
    return !InterruptFlag.shared.isSet
  }

  /// Removes a bar left on the terminal (before printing the final table or an error).
  func clearBar() {
    guard barVisible else { return }
    write("\r\u{1B}[2K")
    barVisible = false
  }

  private func draw(_ text: String) {
    write("\r\u{1B}[2K" + text)
    barVisible = true
  }

  private func write(_ s: String) {
    FileHandle.standardError.write(Data(s.utf8))
  }

  /// `teacher [#########-----------]  312/800 loss 0.4182 val 81.2 % 0:02 ETA 0:03`.
  static func bar(stage: PipelineStage, progress p: EpochProgress, elapsed: Double, width: Int = 24) -> String {
    let fraction = p.total > 0 ? min(1, Double(p.step) / Double(p.total)) : 0
    let filled = Int((fraction * Double(width)).rounded(.down))
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
    return "\(stage) [\(bar)] \(line(stage: nil, progress: p, elapsed: elapsed)) ETA \(clock(eta))"
  }

  /// `epoch 312/800, loss 0.4182, val 81.2 %, 0:02` (prefixed by the stage when given).
  static func line(stage: PipelineStage?, progress p: EpochProgress, elapsed: Double) -> String {
    (stage.map { "\($0): " } ?? "")
      + "epoch \(p.step)/\(p.total), loss \(fixed(Double(p.loss), 4)), val \(fixed(100 * p.validationAccuracy, 1)) %, "
      + clock(elapsed)
  }

  /// Seconds as `m:ss`.
  static func clock(_ seconds: Double) -> String {
    let s = Int(seconds.rounded())
    return "\(s / 60):" + (s % 60 < 10 ? "0" : "") + "\(s % 60)"
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
