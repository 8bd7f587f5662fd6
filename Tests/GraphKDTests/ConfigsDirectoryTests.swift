import Foundation
import GraphKD
import Testing

/// Every experiment in `configs/` decodes (strictly: an unknown key is an error), validates and
/// names a dataset that exists, so `graphkd run --config` cannot meet a broken one.
@Suite struct ConfigsDirectoryTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func everyConfigurationDecodesValidatesAndPointsAtAFile() throws {
    let directory = Self.repository.appendingPathComponent("configs")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
    #expect(files.count >= 3)
    for name in files {
      let data = try Data(contentsOf: directory.appendingPathComponent(name))
      let c = try StrictJSON.decode(PipelineConfiguration.self, from: data)
      try c.validate()
      let dataset = try #require(c.dataset, "\(name) names no dataset")
      #expect(FileManager.default.fileExists(atPath: Self.repository.appendingPathComponent(dataset).path), "\(name)")
    }
  }
}
