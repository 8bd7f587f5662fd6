import Foundation

/// Runs the real `graphkd` executable built next to the test bundle, as swift-argument-parser's
/// example tests do, and captures its exit status and output.
enum GraphKDBinary {
  /// The build products folder (where `swift test` put both the test bundle and `graphkd`).
  static var productsDirectory: URL {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    // The test bundle may be a directory (`*.xctest/...`); climb out of it.
    while dir.path.contains(".xctest") { dir.deleteLastPathComponent() }
    return dir
  }

  /// The result of one run.
  struct Result {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// Runs `graphkd` with `arguments` and waits for it to exit.
  /// Runs `graphkd` with `arguments`; with `memoryLimitMiB`, under that limit of virtual memory
  /// (`ulimit -v`), so that an oversized allocation fails instead of taking the machine.
  static func run(
    _ arguments: [String], environment: [String: String]? = nil, memoryLimitMiB: Int? = nil
  ) throws -> Result {
    let process = Process()
    let binary = productsDirectory.appendingPathComponent("graphkd")
    if let memoryLimitMiB {
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", "ulimit -v \(memoryLimitMiB * 1024) && exec \"$0\" \"$@\"", binary.path] + arguments
    } else {
      process.executableURL = binary
      process.arguments = arguments
    }
    if let environment {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      standardOutput: String(decoding: outData, as: UTF8.self),
      standardError: String(decoding: errData, as: UTF8.self))
  }
}
