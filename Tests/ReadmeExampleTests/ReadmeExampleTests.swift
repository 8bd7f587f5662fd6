import Distillation
import Foundation
import GNN
import GraphData
import Tensors
import Testing

/// The README's library example, verbatim between the markers, so it cannot rot: if it stops
/// compiling or its numbers fall, this test fails.
@Suite struct ReadmeExampleTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func theLibraryExampleRunsOnTheBundledCora() throws {
    let path = Self.repository.appendingPathComponent("data/cora.h5").path
    // README-EXAMPLE-BEGIN
    let graph = try HDF5GraphStore.read(from: URL(fileURLWithPath: path))
    let data = try NodeClassificationData(graph: graph, splitName: "public")

    // A GCN teacher trained with self-distillation (mean teacher + born-again generations).
    let trainer = SelfDistillationTrainer(
      model: .standard(.gcn), training: .standard(.gcn), selfDistillation: .standard)
    let teacher = try trainer.train(on: data, seed: 0)
    print("test accuracy \(teacher.testAccuracy), calibration error \(teacher.calibrationError)")

    // Its soft labels: one probability vector per node, ready for a student.
    let softLabels: Tensor = teacher.probabilities  // [2708, 7]
    // README-EXAMPLE-END
    #expect(softLabels.shape == [2708, 7])
    #expect(teacher.testAccuracy > 0.82)
    let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
    let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
    let example = source.components(separatedBy: "// README-EXAMPLE-BEGIN\n")[1]
      .components(separatedBy: "    // README-EXAMPLE-END")[0]
      .split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.hasPrefix("    ") ? String($0.dropFirst(4)) : String($0) }
      .joined(separator: "\n")
    #expect(readme.contains(example), "README.md must contain the example exactly as tested")
  }
}
