import Foundation
import Testing

/// `graphkd run` end to end on a copy of the bundled Cora, with a short configuration so it stays
/// quick in debug builds, and the ways it must refuse bad input.
@Suite struct RunCommandTests {
  /// A copy of data/cora.h5 and a quick configuration in a scratch directory.
  static func scratch() throws -> (ScratchDirectory, file: String, config: String) {
    let dir = try ScratchDirectory()
    let file = dir.path("cora.h5")
    try FileManager.default.copyItem(atPath: GraphFileFixtures.bundledCora, toPath: file)
    try dir.write(
      "quick.json",
      """
      {"teacher": {"architecture": "gcn", "variant": "plain", "epochs": 40},
       "students": [{"architecture": "mlp", "hiddenDimensions": [16]}],
       "cost": {"repetitions": 2, "requestBatchSizes": [1, 8]}}
      """)
    return (dir, file, dir.path("quick.json"))
  }

  @Test func runsTheJobWritesSoftLabelsAndSplitAndAReport() throws {
    let (dir, file, config) = try Self.scratch()
    let r = try GraphKDBinary.run([
      "run", file, "--config", config, "--labels-per-class", "3", "--seed", "1", "--out", dir.path("out"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    // One table: teacher and student rows with accuracy, retention and cost columns.
    #expect(r.standardOutput.contains("| model "))
    #expect(r.standardOutput.contains("retention %") && r.standardOutput.contains("request ×1 ms"))
    #expect(r.standardOutput.contains("| teacher ") && r.standardOutput.contains("| mlp "))
    // Not a terminal: plain progress lines on standard error.
    #expect(r.standardError.contains("[seed 1] teacher: started"), "\(r.standardError)")
    let json =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("out/report.json"))))
      as? [String: Any]
    let runs = try #require(json?["runs"] as? [[String: Any]])
    #expect(runs.count == 1 && runs[0]["split"] as? String == "k3_seed1")
    let summary = try #require(json?["summary"] as? [[String: Any]])
    #expect(summary.map { $0["name"] as? String } == ["teacher", "mlp"])
    #expect((summary[1]["retention"] as? Double).map { $0 > 0.5 } == true)
    #expect((json?["metadata"] as? [String: Any])?["gitCommit"] != nil)
    // The file now holds the split and the soft labels.
    let inspect = try GraphKDBinary.run(["inspect", file])
    #expect(inspect.standardOutput.contains("k3_seed1"), "\(inspect.standardOutput)")
    #expect(inspect.standardOutput.contains("plain-gcn-k3_seed1-seed1"), "\(inspect.standardOutput)")
  }

  @Test func aSplitThatIsNotInTheFileSaysHowToMakeOne() throws {
    let (dir, file, config) = try Self.scratch()
    let before = try Data(contentsOf: URL(fileURLWithPath: file))
    let r = try GraphKDBinary.run(["run", file, "--config", config, "--split", "k7_seed9", "--quiet"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("'k7_seed9'") && r.standardError.contains("--labels-per-class K"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
    withExtendedLifetime(dir) {}
  }

  @Test func tooManyLabelsPerClassNamesTheClass() throws {
    let (dir, file, config) = try Self.scratch()
    let r = try GraphKDBinary.run(["run", file, "--config", config, "--labels-per-class", "500", "--quiet"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("at least 500 labelled nodes of class"), "\(r.standardError)")
    #expect(r.standardError.contains(file))
    withExtendedLifetime(dir) {}
  }

  @Test func badConfigurationsAndStudentsAreRefusedWithTheirName() throws {
    let (dir, file, _) = try Self.scratch()
    try dir.write("bad.json", #"{"seeds": "zero"}"#)
    let bad = try GraphKDBinary.run(["run", file, "--config", dir.path("bad.json")])
    #expect(bad.status != 0 && bad.standardError.contains("bad.json"))
    let student = try GraphKDBinary.run(["run", file, "--student", "mlp:wings=2"])
    #expect(student.status != 0 && student.standardError.contains("wings"))
    let missing = try GraphKDBinary.run(["run", dir.path("nope.h5")])
    #expect(missing.status != 0 && missing.standardError.contains("graphkd convert"))
  }

  @Test func ctrlCStopsBetweenEpochsAndLeavesTheFileAsItWas() throws {
    let (dir, file, _) = try Self.scratch()
    try dir.write(
      "long.json",
      #"{"teacher": {"architecture": "gcn", "variant": "plain", "epochs": 100000}, "cost": {"skip": true}}"#)
    let before = try Data(contentsOf: URL(fileURLWithPath: file))
    let process = Process()
    process.executableURL = GraphKDBinary.productsDirectory.appendingPathComponent("graphkd")
    process.arguments = ["run", file, "--config", dir.path("long.json"), "--verbose"]
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    // Wait for training to be under way (a progress line), then press Ctrl-C.
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("epoch 10/") {
      let chunk = err.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen.append(chunk)
    }
    process.interrupt()
    seen.append(err.fileHandleForReading.readDataToEndOfFile())
    process.waitUntilExit()
    let text = String(decoding: seen, as: UTF8.self)
    #expect(process.terminationStatus == 130, "\(text)")
    #expect(text.contains("interrupted during teacher"), "\(text)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before)
  }

  /// On a terminal (a pseudo-terminal made by util-linux `script`) progress is a redrawn bar with
  /// the epoch, loss, validation accuracy and ETA; the table still ends the output.
  @Test func aTerminalGetsAProgressBar() throws {
    let (dir, file, config) = try Self.scratch()
    let binary = GraphKDBinary.productsDirectory.appendingPathComponent("graphkd").path
    let command = [binary, "run", file, "--config", config, "--no-cost", "--out", dir.path("out")]
      .map { "'\($0)'" }.joined(separator: " ")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qfec", command, "/dev/null"]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(text)")
    #expect(text.contains("teacher [#") && text.contains("ETA"), "\(text)")
    #expect(text.contains("\r"))
    #expect(text.contains("| teacher "))
  }
}
