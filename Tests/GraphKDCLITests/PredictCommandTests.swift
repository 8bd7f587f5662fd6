import Foundation
import Testing

/// `graphkd run` keeps every model it trains, and `graphkd predict` on a kept model gives exactly
/// the test accuracy the run reported; predictions go to `.h5`, `.npy` and `.csv`; bad model
/// files and graphs that do not fit are refused, naming the file and the field, with nothing
/// written.
@Suite struct PredictCommandTests {
  /// The default teacher and students of `graphkd run`, trained briefly so the test stays quick
  /// in debug builds.
  static let quickConfiguration = """
    {"teacher": {"architecture": "gat", "variant": "standard", "epochs": 30},
     "students": [{"name": "gcn-8", "architecture": "gcn", "hiddenDimensions": [8], "epochs": 60,
                   "objective": {"terms": [{"name": "kd", "weight": 1}], "temperature": 2, "alpha": 0.2}},
                  {"name": "mlp", "architecture": "mlp", "hiddenDimensions": [32], "epochs": 60}],
     "cost": {"skip": true}}
    """

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test(arguments: [["--split", "public"], ["--labels-per-class", "5"]])
  func predictGivesTheRunsTestAccuracyForEveryRow(split: [String]) throws {
    let dir = try ScratchDirectory()
    let file = dir.path("cora.h5")
    try FileManager.default.copyItem(atPath: GraphFileFixtures.bundledCora, toPath: file)
    try dir.write("quick.json", Self.quickConfiguration)
    let run = try GraphKDBinary.run(
      ["run", file, "--config", dir.path("quick.json"), "--out", dir.path("R"), "--quiet"] + split)
    #expect(run.status == 0, "\(run.standardError)")
    let report = try Self.json(
      String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir.path("R/report.json"))), as: UTF8.self))
    let first = try #require((report["runs"] as? [[String: Any]])?.first)
    let rows =
      [try #require(first["teacher"] as? [String: Any])] + (try #require(first["students"] as? [[String: Any]]))
    #expect(rows.compactMap { $0["name"] as? String } == ["teacher", "gcn-8", "mlp"])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.path("R/models")).sorted() == [
        "gcn-8.h5", "mlp.h5", "teacher.h5",
      ])
    for row in rows {
      let name = try #require(row["name"] as? String)
      let predict = try GraphKDBinary.run([
        "predict", dir.path("R/models/\(name).h5"), file, "--nodes", "test", "--json",
      ])
      #expect(predict.status == 0, "\(predict.standardError)")
      let summary = try Self.json(predict.standardOutput)
      #expect(summary["count"] as? Int == 1000, "\(name)")
      #expect(summary["accuracy"] as? Double == row["testAccuracy"] as? Double, "\(name): \(predict.standardOutput)")
      #expect(summary["macroF1"] as? Double == row["testMacroF1"] as? Double, "\(name)")
      // The printed line shows the same percentage as the run's table.
      let text = try GraphKDBinary.run(["predict", dir.path("R/models/\(name).h5"), file, "--nodes", "test"])
      let percent = String(format: "%.1f", 100 * (row["testAccuracy"] as? Double ?? 0))
      #expect(text.standardOutput.contains("accuracy \(percent) %"), "\(text.standardOutput)")
    }
  }

  /// A small run whose models the other tests use.
  static func trainedModels() throws -> (ScratchDirectory, file: String) {
    let dir = try ScratchDirectory()
    let file = dir.path("cora.h5")
    try FileManager.default.copyItem(atPath: GraphFileFixtures.bundledCora, toPath: file)
    try dir.write(
      "tiny.json",
      """
      {"teacher": {"architecture": "gcn", "variant": "plain", "epochs": 20},
       "students": [{"name": "mlp", "architecture": "mlp", "hiddenDimensions": [16], "epochs": 20},
                    {"name": "gcn", "architecture": "gcn", "hiddenDimensions": [8], "epochs": 20}],
       "cost": {"skip": true}}
      """)
    let run = try GraphKDBinary.run(["run", file, "--config", dir.path("tiny.json"), "--out", dir.path("R"), "--quiet"])
    #expect(run.status == 0, "\(run.standardError)")
    return (dir, file)
  }

  @Test func predictionsGoToCSVNumPyAndHDF5() throws {
    let (dir, file) = try Self.trainedModels()
    let model = dir.path("R/models/mlp.h5")
    for ext in ["csv", "npy", "h5"] {
      let r = try GraphKDBinary.run(["predict", model, file, "--nodes", "public/val", "--out", dir.path("p.\(ext)")])
      #expect(r.status == 0, "\(r.standardError)")
      #expect(r.standardOutput.contains("500 nodes"), "\(r.standardOutput)")
    }
    let csv = try String(contentsOfFile: dir.path("p.csv"), encoding: .utf8).split(separator: "\n")
    #expect(csv.count == 501)
    #expect(csv[0].hasPrefix("node,predicted,p_0,p_1"), "\(csv[0])")
    #expect(csv[1].hasPrefix("140,"), "\(csv[1])")  // Cora's first validation node
    let npy = try Data(contentsOf: URL(fileURLWithPath: dir.path("p.npy")))
    #expect(npy.prefix(6) == Data([0x93] + Array("NUMPY".utf8)))
    #expect(String(decoding: npy.prefix(128), as: UTF8.self).contains("'shape': (500, 7)"))
    #expect(npy.count == 128 + 500 * 7 * 4)
    // An existing output is kept without --force.
    let again = try GraphKDBinary.run(["predict", model, file, "--out", dir.path("p.csv")])
    #expect(again.status != 0 && again.standardError.contains("--force"), "\(again.standardError)")
    #expect(try String(contentsOfFile: dir.path("p.csv"), encoding: .utf8).split(separator: "\n").count == 501)
    // A list of nodes from a file.
    try dir.write("nodes.txt", "0\n5\n\n2707\n")
    let listed = try GraphKDBinary.run(["predict", model, file, "--nodes", dir.path("nodes.txt"), "--json"])
    #expect(try Self.json(listed.standardOutput)["count"] as? Int == 3, "\(listed.standardError)")
    try dir.write("bad-nodes.txt", "0\n2708\n")
    let bad = try GraphKDBinary.run(["predict", model, file, "--nodes", dir.path("bad-nodes.txt")])
    #expect(bad.status != 0 && bad.standardError.contains("line 2"), "\(bad.standardError)")
  }

  @Test func badModelFilesAndGraphsThatDoNotFitAreRefusedWithNothingWritten() throws {
    let (dir, file) = try Self.trainedModels()
    let model = dir.path("R/models/gcn.h5")
    // A graph file where the model belongs.
    let swapped = try GraphKDBinary.run(["predict", file, file, "--out", dir.path("a.csv")])
    #expect(swapped.status != 0)
    #expect(swapped.standardError.contains("\(file): attribute '/format'"), "\(swapped.standardError)")
    #expect(swapped.standardError.contains("a GraphKD model file"))
    // Not HDF5 at all.
    try dir.write("text.h5", "not a model\n")
    let text = try GraphKDBinary.run(["predict", dir.path("text.h5"), file, "--out", dir.path("a.csv")])
    #expect(text.status != 0 && text.standardError.contains("HDF5 signature"), "\(text.standardError)")
    // A Cora model on another graph (h5py's fixture: 4 nodes, 3 features).
    let other = GraphFileFixtures.fixture("h5py/schema_v1.h5")
    let mismatch = try GraphKDBinary.run(["predict", model, other, "--out", dir.path("a.csv")])
    #expect(mismatch.status != 0)
    #expect(
      mismatch.standardError.contains("1433 features per node (the model's input_dimension)"),
      "\(mismatch.standardError)")
    #expect(mismatch.standardError.contains(other))
    #expect(!FileManager.default.fileExists(atPath: dir.path("a.csv")))
    // An unknown split part.
    let part = try GraphKDBinary.run(["predict", model, file, "--nodes", "public/everything"])
    #expect(part.status != 0 && part.standardError.contains("train, val or test"), "\(part.standardError)")
  }

  @Test func trainSelfDistillAndDistillSaveWhatTheyTrained() throws {
    let dir = try ScratchDirectory()
    let file = dir.path("cora.h5")
    try FileManager.default.copyItem(atPath: GraphFileFixtures.bundledCora, toPath: file)
    func reportedAccuracy(_ output: String, after marker: String) -> String? {
      guard let range = output.range(of: marker) else { return nil }
      return String(output[range.upperBound...].prefix { $0 != " " })
    }
    func predicted(_ model: String) throws -> String {
      let r = try GraphKDBinary.run(["predict", model, file, "--nodes", "test"])
      #expect(r.status == 0, "\(r.standardError)")
      return reportedAccuracy(r.standardOutput, after: "accuracy ") ?? "none"
    }
    let train = try GraphKDBinary.run([
      "train", file, "--model", "sage", "--seeds", "2", "--epochs", "20", "--save-model", dir.path("sage.h5"),
    ])
    #expect(train.status == 0, "\(train.standardError)")
    for seed in 0..<2 {
      let line =
        train.standardOutput.split(separator: "\n").first { $0.hasPrefix("seed \(seed):") }.map(String.init) ?? ""
      #expect(
        reportedAccuracy(line, after: "test accuracy ") == (try predicted(dir.path("sage-seed\(seed).h5"))), "\(line)")
    }
    let teacher = try GraphKDBinary.run([
      "self-distill", file, "--model", "gcn", "--epochs", "30", "--save-model", dir.path("teacher.h5"),
    ])
    #expect(teacher.status == 0, "\(teacher.standardError)")
    #expect(
      reportedAccuracy(teacher.standardOutput, after: "test accuracy ") == (try predicted(dir.path("teacher.h5"))))
    let student = try GraphKDBinary.run([
      "distill", file, "--teacher-run", "standard-gcn-public-seed0", "--hidden", "16", "--save-model",
      dir.path("student.h5"),
    ])
    #expect(student.status == 0, "\(student.standardError)")
    #expect(reportedAccuracy(student.standardOutput, after: "student ") == (try predicted(dir.path("student.h5"))))
    // A directory that does not exist is refused before training.
    let nowhere = try GraphKDBinary.run(["train", file, "--seeds", "1", "--save-model", dir.path("no/such/m.h5")])
    #expect(nowhere.status != 0 && nowhere.standardError.contains("does not exist"), "\(nowhere.standardError)")
  }
}
