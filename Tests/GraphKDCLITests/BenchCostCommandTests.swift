import Foundation
import Testing

/// `graphkd bench cost` on the bundled Cora, with few repetitions so the test stays fast.
@Suite struct BenchCostCommandTests {
  @Test func printsOneRowPerModelAndWritesTheReports() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("bench-cost-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: out) }
    let r = try GraphKDBinary.run([
      "bench", "cost", GraphFileFixtures.bundledCora, "--repetitions", "2", "--warmup", "0", "--batch-sizes", "1,8",
      "--out", out.path,
    ])
    #expect(r.status == 0, "\(r.standardError)")
    for row in ["| teacher ", "| GCN student ", "| MLP student "] {
      #expect(r.standardOutput.contains(row), "missing row \(row)")
    }
    #expect(r.standardOutput.contains("request ×8 ms (p90)") && r.standardOutput.contains("speed-up ×1"))
    // The teacher GCN 1433 → 64 → 7 has 1433·64 + 64 + 64·7 + 7 parameters.
    #expect(r.standardOutput.contains("92,231"))
    let json = try String(contentsOf: out, encoding: .utf8)
    #expect(json.contains("\"requestLatencies\"") && json.contains("\"multiplyAccumulatesPerNode\""))
  }

  @Test func badBatchSizesFailWithAMessage() throws {
    let r = try GraphKDBinary.run(["bench", "cost", GraphFileFixtures.bundledCora, "--batch-sizes", "1,x"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("--batch-sizes: expected positive integers"))
    let big = try GraphKDBinary.run(["bench", "cost", GraphFileFixtures.bundledCora, "--batch-sizes", "5000"])
    #expect(big.status != 0)
    #expect(big.standardError.contains("request batch sizes in 1...2708"))
  }
}
