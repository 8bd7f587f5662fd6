import Foundation

/// Paths of the checked-in test fixtures (`Tests/GraphDataTests/Fixtures`, see its README).
enum Fixtures {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

  static var coraPlanetoid: URL { url("cora_planetoid.npz") }
  static var coraGNNBenchmark: URL { url("cora.npz") }
}
