import Foundation
import Testing

/// Several `graphkd` processes writing into one graph file at once all keep their work: each
/// rewrite (copy, modify, rename) runs under the file's write lock and starts from the file as
/// the previous writer left it.
@Suite struct ConcurrentWritersTests {
  @Test func fourSelfDistillProcessesOnOneFileKeepAllFourRuns() throws {
    let dir = try ScratchDirectory()
    let file = dir.path("cora.h5")
    try FileManager.default.copyItem(atPath: GraphFileFixtures.bundledCora, toPath: file)
    let seeds = 0..<4
    let processes = try seeds.map { seed -> Process in
      let p = Process()
      p.executableURL = GraphKDBinary.productsDirectory.appendingPathComponent("graphkd")
      p.arguments = [
        "self-distill", file, "--model", "mlp", "--variant", "plain", "--epochs", "3", "--seed", "\(seed)",
      ]
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try p.run()
      return p
    }
    for p in processes {
      p.waitUntilExit()
      #expect(p.terminationStatus == 0)
    }
    let inspect = try GraphKDBinary.run(["inspect", file])
    for seed in seeds {
      #expect(inspect.standardOutput.contains("plain-mlp-public-seed\(seed)"), "\(inspect.standardOutput)")
    }
    // No temporary copy is left behind.
    #expect(try dir.contents() == ["cora.h5"])
  }
}
