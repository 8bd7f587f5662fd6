import Foundation

/// Python 3 for the cross-check tests: whether it has some modules, and running one of the
/// repository's scripts against the `graphkd` binary under test.
enum PythonScript {
  /// Whether `python3` imports every one of `modules`.
  static func has(_ modules: [String]) -> Bool {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import " + modules.joined(separator: ", ")]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
  }

  /// Runs `scripts/<name>` with `--graphkd <binary>` and `arguments`; returns its exit status and
  /// its output (standard output and error together).
  static func run(_ name: String, _ arguments: [String] = []) throws -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments =
      ["python3", GraphFileFixtures.repository.appendingPathComponent("scripts/\(name)").path]
      + ["--graphkd", GraphKDBinary.productsDirectory.appendingPathComponent("graphkd").path] + arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return (p.terminationStatus, text)
  }
}
