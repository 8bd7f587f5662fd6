import Foundation
import Testing

/// `graphkd inspect` on the bundled `data/cora.h5` and on converted files.
@Suite struct InspectCommandTests {
  @Test func bundledCora() throws {
    let r = try GraphKDBinary.run(["inspect", GraphFileFixtures.bundledCora])
    #expect(r.status == 0, "\(r.standardError)")
    let out = r.standardOutput
    #expect(out.contains("cora: 2,708 nodes, 5,278 undirected edges, 1,433 features, 7 classes, splits: public"))
    #expect(out.contains("nodes             2,708"))
    #expect(out.contains("edges             5,278 undirected (10,556 stored entries, symmetric)"))
    #expect(out.contains("directed          no"))
    #expect(out.contains("self loops        0"))
    #expect(out.contains("isolated nodes    0"))
    #expect(out.contains("degree            min 1, median 3.0, mean 3.90, max 168"))
    #expect(out.contains("features          1,433 (sparse, 49,216 non-zeros, density 1.27%)"))
    #expect(out.contains("classes           7"))
    #expect(out.contains("  public          140/500/1,000"))
    #expect(out.contains("per class: 20 20 20 20 20 20 20 |"))
    #expect(out.contains("soft labels       none"))
  }

  @Test func jsonForMachines() throws {
    let r = try GraphKDBinary.run(["inspect", GraphFileFixtures.bundledCora, "--json"])
    #expect(r.status == 0, "\(r.standardError)")
    let object = try JSONSerialization.jsonObject(with: Data(r.standardOutput.utf8)) as? [String: Any]
    #expect(object?["nodes"] as? Int == 2708)
    #expect(object?["edges"] as? Int == 5278)
    #expect((object?["features"] as? [String: Any])?["dimension"] as? Int == 1433)
    #expect((object?["classes"] as? [Any])?.count == 7)
    let split = (object?["splits"] as? [[String: Any]])?.first
    #expect(split?["name"] as? String == "public")
    #expect(split?["train"] as? Int == 140 && split?["validation"] as? Int == 500 && split?["test"] as? Int == 1000)
  }

  @Test func directedGraphWithNames() throws {
    let dir = try ScratchDirectory()
    _ = try GraphKDBinary.run(["convert", "npz", GraphFileFixtures.fixture("cora.npz"), "-o", dir.path("c.h5")])
    let r = try GraphKDBinary.run(["inspect", dir.path("c.h5")])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("edges             5,429 directed (5,429 stored entries, not symmetric)"))
    #expect(r.standardOutput.contains("in-degree"))
    #expect(r.standardOutput.contains("Case_Based"))
  }

  @Test func notAGraphFile() throws {
    let dir = try ScratchDirectory()
    try dir.write("x.h5", "plain text")
    let r = try GraphKDBinary.run(["inspect", dir.path("x.h5")])
    #expect(r.status != 0)
    #expect(
      r.standardError.contains(
        "x.h5: expected an HDF5 file (the HDF5 signature), but got 10 bytes without an HDF5 signature"))
  }

  @Test func truncatedHDF5() throws {
    let dir = try ScratchDirectory()
    let whole = try Data(contentsOf: URL(fileURLWithPath: GraphFileFixtures.bundledCora))
    try whole.prefix(whole.count / 2).write(to: dir.url.appendingPathComponent("cut.h5"))
    let r = try GraphKDBinary.run(["inspect", dir.path("cut.h5")])
    #expect(r.status != 0)
    #expect(r.standardError.contains("cut.h5: expected a readable HDF5 file, but got"))
    #expect(r.standardError.contains("truncated file"))
  }
}
