import Foundation
import Tensors

/// What every report records beside its numbers: versions, the git commit, the machine, when.
struct RunMetadata: Codable {
  var graphkdVersion = GraphKDVersion.string
  var gitCommit = RunMetadata.currentGitCommit()
  var openBLASKernel = BLASRuntime.configuration.kernel
  var threads = Parallelism.threadCount
  var operatingSystem = ProcessInfo.processInfo.operatingSystemVersionString
  var created = ISO8601DateFormatter().string(from: Date())

  /// `git rev-parse HEAD` of the working directory, or "unknown" outside a checkout.
  static func currentGitCommit() -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git", "rev-parse", "HEAD"]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return "unknown" }
    p.waitUntilExit()
    let s = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return p.terminationStatus == 0 && !s.isEmpty ? s : "unknown"
  }
}

/// Writes `value` as pretty, key-sorted JSON to `path`, atomically (temporary file + rename).
func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  encoder.nonConformingFloatEncodingStrategy = .convertToString(
    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
  let url = URL(fileURLWithPath: path)
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try encoder.encode(value).write(to: url, options: .atomic)
}

/// Mean and sample standard deviation.
func meanAndStandardDeviation(_ xs: [Double]) -> (mean: Double, std: Double) {
  guard !xs.isEmpty else { return (0, 0) }
  let m = xs.reduce(0, +) / Double(xs.count)
  guard xs.count > 1 else { return (m, 0) }
  let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
  return (m, v.squareRoot())
}
