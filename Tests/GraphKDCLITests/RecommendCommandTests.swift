import Foundation
import Testing

/// `graphkd recommend` end to end on the first 300 users of the bundled CiteULike-t `users.dat`
/// (a seeded leave-one-out split), at toy sizes so the debug build runs it in seconds, and the
/// errors it must raise before any training.
@Suite struct RecommendCommandTests {
  /// Converts the first `users` lines of `data/citeulike-t/users.dat` into `dir/tiny.h5`.
  static func tinyDataset(in dir: ScratchDirectory, users: Int = 300) throws -> String {
    let source = GraphFileFixtures.repository.appendingPathComponent("data/citeulike-t/users.dat")
    let lines = try String(contentsOf: source, encoding: .utf8).split(separator: "\n").prefix(users)
    try dir.write("users.dat", lines.joined(separator: "\n") + "\n")
    let r = try GraphKDBinary.run([
      "convert", "interactions", "--users-dat", dir.path("users.dat"), "--leave-one-out-seed", "0", "-o",
      dir.path("tiny.h5"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    return dir.path("tiny.h5")
  }

  /// Settings small enough for a debug build: an 8-dimensional teacher, a 4-dimensional student.
  static let toySettings = [
    "--teacher-dimension", "8", "--phi", "0.5", "--max-epochs", "3", "--student-max-epochs", "2",
    "--student-learning-rate", "0.01", "--student-weight-decay", "0.0001", "--experts", "2", "--interesting", "5",
    "--uninteresting", "5",
  ]

  @Test func distilsWithDEAndRRDAndWritesTheReport() throws {
    let dir = try ScratchDirectory()
    let file = try Self.tinyDataset(in: dir)
    let r = try GraphKDBinary.run(
      ["recommend", "distill", file, "--method", "de-rrd", "--verbose", "--out", dir.path("r.json")] + Self.toySettings)
    #expect(r.status == 0, "\(r.standardError)")
    // --verbose: one line per epoch, teacher's then student's, before the table.
    let epochLines = r.standardOutput.split(separator: "\n").filter { $0.hasPrefix("epoch ") }
    #expect(epochLines.count == 5)
    #expect(r.standardOutput.contains("| DE+RRD"))
    let json =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("r.json"))))
      as? [String: Any]
    let models = json?["models"] as? [[String: Any]] ?? []
    #expect(models.map { $0["method"] as? String } == ["teacher", "DE+RRD"])
    #expect(models.map { $0["dimension"] as? Int } == [8, 4])
    #expect(models.map { $0["epochs"] as? Int } == [3, 2])
    for model in models {
      let test = model["test"] as? [String: Double] ?? [:]
      #expect(test.count == 9)
      #expect(test.values.allSatisfy { $0 >= 0 && $0 <= 1 })
      // A hit ratio never falls as the cut-off grows.
      #expect((test["HR@5"] ?? 2) <= (test["HR@10"] ?? -1) && (test["HR@10"] ?? 2) <= (test["HR@20"] ?? -1))
    }
  }

  /// DE + RRD with the item-side term: each item ranks its teacher's top users.
  @Test func distilsWithTheItemSideTerm() throws {
    let dir = try ScratchDirectory()
    let file = try Self.tinyDataset(in: dir)
    let r = try GraphKDBinary.run(
      [
        "recommend", "distill", file, "--method", "de-rrd-ir", "--item-interesting", "3", "--item-uninteresting",
        "4", "--item-top-list-length", "20", "--out", dir.path("r.json"),
      ] + Self.toySettings)
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("| DE+RRD+IR"))
    let json =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path("r.json"))))
      as? [String: Any]
    let student = (json?["models"] as? [[String: Any]])?.last
    #expect(student?["method"] as? String == "DE+RRD+IR")
    let test = student?["test"] as? [String: Double] ?? [:]
    #expect(test.count == 9 && test.values.allSatisfy { $0 >= 0 && $0 <= 1 })
    // A top list longer than the users left for some item cannot hold K users for it.
    let tooLong = try GraphKDBinary.run(
      [
        "recommend", "distill", file, "--method", "rrd-ir", "--item-interesting", "299", "--item-top-list-length",
        "299",
      ]
        + Self.toySettings)
    #expect(tooLong.status != 0)
    #expect(tooLong.standardError.contains("item"), "\(tooLong.standardError)")
  }

  @Test func theSameSeedGivesTheSameNumbers() throws {
    let dir = try ScratchDirectory()
    let file = try Self.tinyDataset(in: dir, users: 120)
    func run(_ name: String) throws -> [String: Double] {
      let r = try GraphKDBinary.run(
        ["recommend", "distill", file, "--method", "rrd", "--seed", "3", "--out", dir.path(name)] + Self.toySettings)
      #expect(r.status == 0, "\(r.standardError)")
      let json =
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.path(name))))
        as? [String: Any]
      return (json?["models"] as? [[String: Any]])?.last?["test"] as? [String: Double] ?? [:]
    }
    let first = try run("a.json")
    #expect(!first.isEmpty)
    #expect(try run("b.json") == first)
  }

  @Test func aGraphWithoutInteractionsIsRefusedNamingTheFileAndField() throws {
    let r = try GraphKDBinary.run(["recommend", "distill", GraphFileFixtures.bundledCora, "--method", "student"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("cora.h5: field 'interactions'"))
  }

  @Test func missingFileAndOutOfRangeSettingsAreRefusedBeforeTraining() throws {
    let missing = try GraphKDBinary.run(["recommend", "train", "/nonexistent/ratings.h5"])
    #expect(missing.status != 0)
    #expect(missing.standardError.contains("/nonexistent/ratings.h5: no such file"))
    let dir = try ScratchDirectory()
    try dir.write("placeholder.h5", "")
    for (option, value) in [
      ("--student-weight-decay", "nan"), ("--phi", "0"), ("--student-learning-rate", "0"), ("--experts", "0"),
      ("--item-interesting", "0"), ("--lambda-ir", "nan"),
    ] {
      let r = try GraphKDBinary.run(["recommend", "distill", dir.path("placeholder.h5"), option, value])
      #expect(r.status != 0)
      #expect(r.standardError.contains(option), "\(option): \(r.standardError)")
    }
  }

  /// `recommend distill --save-model` keeps the student; `recommend predict` lists its best
  /// unseen items per user, and refuses a node classifier or another dataset.
  @Test func savesTheStudentAndListsItsTopItems() throws {
    let dir = try ScratchDirectory()
    let file = try Self.tinyDataset(in: dir)
    let r = try GraphKDBinary.run(
      [
        "recommend", "distill", file, "--method", "de", "--save-model", dir.path("student.h5"), "--save-teacher",
        dir.path("teacher.h5"),
      ] + Self.toySettings)
    #expect(r.status == 0, "\(r.standardError)")
    let p = try GraphKDBinary.run([
      "recommend", "predict", dir.path("student.h5"), file, "--users", "0,7,299", "--top", "5", "--json",
    ])
    #expect(p.status == 0, "\(p.standardError)")
    let lists = try #require(try JSONSerialization.jsonObject(with: Data(p.standardOutput.utf8)) as? [String: [Int]])
    #expect(lists.keys.sorted() == ["0", "299", "7"])
    // users.dat line u lists user u's items; none of the training ones is recommended back.
    let lines = try String(contentsOfFile: dir.path("users.dat"), encoding: .utf8).split(separator: "\n")
    for (user, items) in lists {
      #expect(items.count == 5 && Set(items).count == 5)
      let seen = Set(lines[Int(user)!].split(separator: " ").dropFirst().compactMap { Int($0) })
      // At most the two held-out items (validation is excluded, test may be found) are among them.
      #expect(Set(items).intersection(seen).count <= 1, "user \(user): \(items)")
    }
    let text = try GraphKDBinary.run(["recommend", "predict", dir.path("teacher.h5"), file, "--users", "3"])
    #expect(text.standardOutput.hasPrefix("3\t") && text.standardOutput.split(separator: " ").count == 10)
    let bad = try GraphKDBinary.run(["recommend", "predict", dir.path("student.h5"), file, "--users", "300"])
    #expect(bad.status != 0 && bad.standardError.contains("0..<300"), "\(bad.standardError)")
    let wrong = try GraphKDBinary.run(["recommend", "predict", file, file])
    #expect(wrong.status != 0 && wrong.standardError.contains("attribute '/format'"), "\(wrong.standardError)")
  }
}
