import Foundation

/// Paths the convert/inspect/split CLI tests use: the repository, its bundled `data/cora.h5`,
/// the GraphData fixtures, and a scratch directory per test.
enum GraphFileFixtures {
  /// The repository root (three levels above this file).
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// A file in `Tests/GraphDataTests/Fixtures`.
  static func fixture(_ name: String) -> String {
    repository.appendingPathComponent("Tests/GraphDataTests/Fixtures/\(name)").path
  }

  /// The bundled default graph.
  static var bundledCora: String { repository.appendingPathComponent("data/cora.h5").path }
}

/// A fresh directory for one test's files, removed afterwards.
final class ScratchDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("graphkd-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// The path of `name` inside the directory.
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes `text` to `name`.
  func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: url.appendingPathComponent(name))
  }

  /// The directory's file names, sorted.
  func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }

  deinit { try? FileManager.default.removeItem(at: url) }
}
