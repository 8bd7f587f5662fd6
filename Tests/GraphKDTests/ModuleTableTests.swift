import Foundation
import Testing

/// docs/DESIGN.md's module table says what Package.swift declares: every library and executable
/// target is a row, and its "depends on" column lists exactly its target and product
/// dependencies (as `swift package describe` reports them). The shipped tool links no test
/// support.
@Suite struct ModuleTableTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Target name → its target and product dependencies, from `swift package describe`.
  static func declaredTargets() throws -> [String: Set<String>] {
    // Its own scratch path: `swift test` holds the lock on the package's .build.
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("graphkd-describe-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "swift", "package", "--package-path", repository.path, "--scratch-path", scratch.path, "describe", "--type",
      "json",
    ]
    let output = FileManager.default.temporaryDirectory.appendingPathComponent(
      "graphkd-describe-\(UUID().uuidString).json")
    FileManager.default.createFile(atPath: output.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: output) }
    process.standardOutput = try FileHandle(forWritingTo: output)
    process.standardError = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(120)
    while process.isRunning && Date() < deadline { usleep(50_000) }
    if process.isRunning {
      process.terminate()
      Issue.record("swift package describe did not finish in 120 s")
      return [:]
    }
    let data = try Data(contentsOf: output)
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var targets: [String: Set<String>] = [:]
    for target in try #require(json["targets"] as? [[String: Any]]) {
      guard let name = target["name"] as? String, let type = target["type"] as? String,
        ["library", "executable"].contains(type)
      else { continue }
      let dependencies =
        (target["target_dependencies"] as? [String] ?? []) + (target["product_dependencies"] as? [String] ?? [])
      targets[name] = Set(dependencies.filter { $0 != "BuildCommit" })  // a build plugin, not a module
    }
    return targets
  }

  /// Target name → the dependencies its row in docs/DESIGN.md's module table lists.
  static func documentedTargets() throws -> [String: Set<String>] {
    let text = try String(contentsOf: repository.appendingPathComponent("docs/DESIGN.md"), encoding: .utf8)
    guard let start = text.range(of: "## Modules") else { return [:] }
    var rows: [String: Set<String>] = [:]
    for line in text[start.upperBound...].split(separator: "\n") {
      if line.hasPrefix("## ") { break }
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard cells.count >= 4, cells[1].hasPrefix("`") else { continue }
      let name = cells[1].split(separator: "`")[0]
      let dependencies = cells[cells.count - 2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      rows[String(name)] = Set(dependencies.filter { !$0.isEmpty && $0 != "—" })
    }
    return rows
  }

  @Test func theModuleTableMatchesPackageSwift() throws {
    let declared = try Self.declaredTargets()
    let documented = try Self.documentedTargets()
    #expect(!declared.isEmpty)
    for (name, dependencies) in declared {
      #expect(
        documented[name] == dependencies,
        "\(name): Package.swift \(dependencies.sorted()), DESIGN.md \(documented[name].map { $0.sorted() } ?? [])")
    }
    #expect(declared["graphkd"]?.contains("_TestSupport") == false, "the shipped tool links test support")
  }
}
