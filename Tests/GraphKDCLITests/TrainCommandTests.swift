import Foundation
import Testing

/// `graphkd train` on the bundled Cora, and the configuration errors it must raise before any
/// training.
@Suite struct TrainCommandTests {
  @Test func trainsOnCoraAndWritesAJSONReport() throws {
    let dir = try ScratchDirectory()
    let r = try GraphKDBinary.run([
      "train", GraphFileFixtures.bundledCora, "--model", "gcn", "--seeds", "2", "--epochs", "30", "--out",
      dir.path("gcn.json"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("seed 0: test accuracy"))
    #expect(
      r.standardOutput.contains("gcn on \(GraphFileFixtures.bundledCora) (split public, 2 seeds, 23063 parameters)"))
    let json =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("gcn.json"))))
      as? [String: Any]
    let runs = json?["runs"] as? [[String: Any]]
    #expect(runs?.count == 2)
    #expect((runs?.first?["testAccuracy"] as? Double).map { $0 > 0.5 } == true)
    let metadata = json?["metadata"] as? [String: Any]
    #expect(metadata?["gitCommit"] != nil && metadata?["graphkdVersion"] != nil)
  }

  @Test func unknownModelNameIsRefused() throws {
    let r = try GraphKDBinary.run(["train", GraphFileFixtures.bundledCora, "--model", "transformer"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("transformer"))
    #expect(r.standardError.contains("gcn"))
  }

  @Test func hiddenSizeZeroIsRefused() throws {
    let r = try GraphKDBinary.run(["train", GraphFileFixtures.bundledCora, "--hidden", "0"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("configuration 'hiddenDimensions[0]': expected a positive hidden size, but got 0"))
  }

  @Test func aSplitThatIsNotInTheFileIsNamedWithTheOnesThatAre() throws {
    let r = try GraphKDBinary.run(["train", GraphFileFixtures.bundledCora, "--split", "k5_seed0"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("one of the graph's splits: public"))
    #expect(r.standardError.contains("'k5_seed0'"))
  }

  /// A graph with no labels and no split (every label -1): the error says what to do.
  /// (A split whose training nodes are all unlabelled is refused by `NodeClassificationData`,
  /// tested in GNNTests.)
  @Test func aGraphWithoutLabelsOrSplitsIsRefusedWithWhatToDo() throws {
    let dir = try ScratchDirectory()
    try dir.write("edges.csv", "0,1\n1,2\n2,3\n3,0\n")
    let convert = try GraphKDBinary.run(["convert", "csv", dir.path("edges.csv"), "-o", dir.path("g.h5")])
    #expect(convert.status == 0, "\(convert.standardError)")
    let r = try GraphKDBinary.run(["train", dir.path("g.h5")])
    #expect(r.status != 0)
    #expect(r.standardError.contains("graphkd split"))
  }

  @Test func missingFileIsRefused() throws {
    let r = try GraphKDBinary.run(["train", "/nonexistent/graph.h5"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("/nonexistent/graph.h5: no such file"))
  }
}

/// `graphkd self-distill` and `graphkd evaluate` end to end on Cora (few epochs).
@Suite struct SelfDistillCommandTests {
  @Test func writesSoftLabelsThatH5pyReadsAndWhoseArgmaxGivesTheReportedAccuracy() throws {
    let dir = try ScratchDirectory()
    let file = dir.path("cora.h5")
    try FileManager.default.copyItem(atPath: GraphFileFixtures.bundledCora, toPath: file)
    let r = try GraphKDBinary.run([
      "self-distill", file, "--variant", "standard", "--epochs", "20", "--seed", "3", "--run", "teacher",
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("wrote /soft_labels/teacher"))
    let reported = r.standardOutput.split(separator: " ").firstIndex(of: "accuracy").map { i in
      Double(r.standardOutput.split(separator: " ")[i + 1]) ?? -1
    }
    let inspect = try GraphKDBinary.run(["inspect", file])
    #expect(inspect.standardOutput.contains("teacher"))
    // A second run of the same name needs --force and leaves the file as it was.
    let again = try GraphKDBinary.run(["self-distill", file, "--epochs", "5", "--seed", "3", "--run", "teacher"])
    #expect(again.status != 0)
    #expect(again.standardError.contains("pass --force"))
    guard PythonScript.has(["h5py", "numpy"]) else { return }
    let script = """
      import h5py, numpy as np
      f = h5py.File('\(file)', 'r')
      p = f['soft_labels/teacher/probs'][()]
      y = f['labels'][()]; test = f['splits/public/test'][()]
      assert np.allclose(p.sum(1), 1, atol=1e-4), 'rows do not sum to 1'
      print('%.1f' % (100 * (p.argmax(1)[test] == y[test]).mean()))
      """
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    python.arguments = ["python3", "-c", script]
    let pipe = Pipe()
    python.standardOutput = pipe
    try python.run()
    python.waitUntilExit()
    let h5pyAccuracy = Double(
      String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(
        in: .whitespacesAndNewlines))
    #expect(python.terminationStatus == 0)
    #expect(h5pyAccuracy != nil && h5pyAccuracy == reported)
  }

  @Test func distilsStoredSoftLabelsIntoAnMLPStudent() throws {
    let dir = try ScratchDirectory()
    let file = dir.path("cora.h5")
    try FileManager.default.copyItem(atPath: GraphFileFixtures.bundledCora, toPath: file)
    let missing = try GraphKDBinary.run(["distill", file, "--teacher-run", "teacher"])
    #expect(missing.status != 0)
    #expect(missing.standardError.contains("no soft-label run 'teacher'; the file has none"))
    let teach = try GraphKDBinary.run(["self-distill", file, "--epochs", "20", "--run", "teacher"])
    #expect(teach.status == 0, "\(teach.standardError)")
    let r = try GraphKDBinary.run([
      "distill", file, "--teacher-run", "teacher", "--student", "mlp", "--hidden", "32", "--out", dir.path("kd.json"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("mlp student from 'teacher'"))
    #expect(r.standardOutput.contains("retention"))
    #expect(FileManager.default.fileExists(atPath: dir.path("kd.json")))
  }

  @Test func evaluateSweepsLabelRatesAndVariants() throws {
    let dir = try ScratchDirectory()
    let r = try GraphKDBinary.run([
      "evaluate", GraphFileFixtures.bundledCora, "--labels-per-class", "2,5", "--seeds", "2", "--variants",
      "plain,mean-teacher", "--epochs", "15", "--out", dir.path("sweep.json"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("| K=2"))
    #expect(r.standardOutput.contains("| K=5"))
    #expect(r.standardOutput.contains("mean-teacher acc %"))
    let json =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("sweep.json"))))
      as? [String: Any]
    #expect((json?["runs"] as? [Any])?.count == 8)
    let bad = try GraphKDBinary.run(["evaluate", GraphFileFixtures.bundledCora, "--variants", "plain,magic"])
    #expect(bad.status != 0)
    #expect(bad.standardError.contains("unknown variant 'magic'"))
  }
}
