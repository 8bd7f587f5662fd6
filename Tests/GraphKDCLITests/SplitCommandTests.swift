import Foundation
import Testing

/// `graphkd split` adds seeded label-scarce splits to a copy of the bundled Cora.
@Suite struct SplitCommandTests {
  @Test func addsSeededSplitsKeepingThePublicTestSet() throws {
    let dir = try ScratchDirectory()
    try FileManager.default.copyItem(atPath: GraphFileFixtures.bundledCora, toPath: dir.path("cora.h5"))
    let args = ["split", dir.path("cora.h5"), "--labels-per-class", "5", "--val", "500", "--seeds", "0..2"]
    let r = try GraphKDBinary.run(args)
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("added 3 split(s)"))
    #expect(r.standardOutput.contains("test set of 'public'"))
    for seed in 0...2 { #expect(r.standardOutput.contains("k5_seed\(seed)  35/500/1,000")) }

    let inspect = try GraphKDBinary.run(["inspect", dir.path("cora.h5")])
    #expect(inspect.standardOutput.contains("  k5_seed1        35/500/1,000  (k = 5, seed 1)"))
    #expect(inspect.standardOutput.contains("per class: 5 5 5 5 5 5 5 |"))
    #expect(try dir.contents() == ["cora.h5"])

    let again = try GraphKDBinary.run(args)
    #expect(again.status != 0)
    #expect(again.standardError.contains("expected no existing '/splits/k5_seed0' (pass --force to replace it)"))
    #expect(try GraphKDBinary.run(args + ["--force"]).status == 0)
  }

  @Test func rejectsBadArguments() throws {
    let r = try GraphKDBinary.run(["split", GraphFileFixtures.bundledCora, "--labels-per-class", "0"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("--labels-per-class must be at least 1"))
    let seeds = try GraphKDBinary.run([
      "split", GraphFileFixtures.bundledCora, "--labels-per-class", "5", "--seeds", "9..2",
    ])
    #expect(seeds.status != 0)
    #expect(seeds.standardError.contains("--seeds"))
  }

  @Test func tooFewLabels() throws {
    let dir = try ScratchDirectory()
    try FileManager.default.copyItem(atPath: GraphFileFixtures.bundledCora, toPath: dir.path("cora.h5"))
    let r = try GraphKDBinary.run(["split", dir.path("cora.h5"), "--labels-per-class", "200", "--val", "0"])
    #expect(r.status != 0)
    #expect(
      r.standardError.contains(
        "cora.h5: field 'labels': expected at least 200 labelled nodes of class 1 outside the test set, but got 126"))
    #expect(try dir.contents() == ["cora.h5"])
  }
}
