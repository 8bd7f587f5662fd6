import Foundation
import Testing

/// `graphkd bench io` on a small generated graph (the full-size run is a benchmark, not a test).
@Suite struct BenchIOCommandTests {
  @Test func printsTheTableForBothLayouts() throws {
    let r = try GraphKDBinary.run([
      "bench", "io", "--nodes", "3000", "--edges", "12000", "--dimension", "8", "--repetitions", "1",
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("generating 3,000 nodes, 12,000 undirected edges, 8 features"))
    #expect(r.standardOutput.contains("| chunked, shuffle + deflate 4"))
    #expect(r.standardOutput.contains("| contiguous, uncompressed"))
    #expect(r.standardOutput.contains("peak / graph size"))
  }

  @Test func rejectsBadLevels() throws {
    let r = try GraphKDBinary.run(["bench", "io", "--compression-levels", "4,x"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("--compression-levels takes levels 0-9"))
  }
}
