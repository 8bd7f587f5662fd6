import Foundation
import GraphKD
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

    // The whole job: a seeded split with 5 labels per class (made on the fly), a self-distilled
    // GCN teacher, a soft label for every node, a graph-free MLP student, accuracy and cost.
    var configuration = PipelineConfiguration()
    configuration.split.labelsPerClass = 5
    configuration.teacher.architecture = .gcn  // default: chosen by validation
    configuration.teacher.epochs = 200  // per generation (the standard teacher allows 400)
    configuration.students = [try StudentSettings(specification: "mlp:hidden=64")]
    let report = try LabelScarcePipeline(configuration: configuration).run(on: graph)

    for model in report.summary {
      let request = model.cost?.requestLatency(batchSize: 1)?.latency.medianSeconds ?? .nan
      print(model.name, model.testAccuracy, model.retention ?? 1, model.parameters, request)
    }
    // The teacher's soft labels, to store with HDF5GraphStore.appendSoftLabels or distil later.
    let softLabels: Tensor = report.softLabels[report.runs[0].softLabelRun]!.probabilities  // [2708, 7]
    // README-EXAMPLE-END
    #expect(softLabels.shape == [2708, 7])
    let teacher = report.summary[0]
    let student = report.summary[1]
    #expect(teacher.testAccuracy > 0.7, "\(teacher.testAccuracy)")
    #expect(student.testAccuracy > 0.6 && (student.retention ?? 0) > 0.8, "\(student.testAccuracy)")
    #expect(student.cost?.requestLatency(batchSize: 1) != nil)
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
