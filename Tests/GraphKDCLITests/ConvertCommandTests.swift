import Foundation
import Testing

/// `graphkd convert …` run as a user would, one test per importer plus the failure modes.
@Suite struct ConvertCommandTests {
  @Test func npzPlanetoidCora() throws {
    let dir = try ScratchDirectory()
    let r = try GraphKDBinary.run([
      "convert", "npz", GraphFileFixtures.fixture("cora_planetoid.npz"), "--name", "cora", "-o", dir.path("cora.h5"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(
      r.standardOutput.contains(
        "cora.h5: 2,708 nodes, 5,278 undirected edges, 1,433 features, 7 classes, splits: public"))
    #expect(try dir.contents() == ["cora.h5"])
  }

  @Test func geomGCNFolderWithItsSplitsThenTrainsOnOne() throws {
    let dir = try ScratchDirectory()
    let r = try GraphKDBinary.run([
      "convert", "geom-gcn", GraphFileFixtures.fixture("geom-gcn/texas"), "-o", dir.path("t.h5"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("t.h5: 183 nodes, 295 undirected edges, 1,703 features, 5 classes"))
    #expect(r.standardOutput.contains("geom_gcn_9") && r.standardError.contains("48 / 32 / 20 %"))
    let train = try GraphKDBinary.run([
      "train", dir.path("t.h5"), "--model", "mlp", "--split", "geom_gcn_0", "--seeds", "1", "--epochs", "20",
    ])
    #expect(train.status == 0 && train.standardOutput.contains("test accuracy"), "\(train.standardError)")
  }

  @Test func npzGNNBenchmarkCora() throws {
    let dir = try ScratchDirectory()
    let r = try GraphKDBinary.run(["convert", "npz", GraphFileFixtures.fixture("cora.npz"), "-o", dir.path("c.h5")])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("2,708 nodes, 5,429 directed edges, 1,433 features, 7 classes"))
  }

  @Test func csvEdgesFeaturesLabels() throws {
    let dir = try ScratchDirectory()
    try dir.write("edges.tsv", "src\tdst\n0\t1\n1\t2\n2\t3\n")
    try dir.write("x.csv", "1,0\n0,1\n1,1\n0,0\n")
    try dir.write("y.csv", "0,red\n3,blue\n")
    let r = try GraphKDBinary.run([
      "convert", "csv", dir.path("edges.tsv"), "--features", dir.path("x.csv"), "--labels", dir.path("y.csv"),
      "-o", dir.path("g.h5"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("4 nodes, 3 undirected edges, 2 features, 2 classes"))
  }

  @Test func linqsContentAndCites() throws {
    let dir = try ScratchDirectory()
    try dir.write("cora.content", "p1\t1\t0\tA\np2\t0\t1\tB\np3\t1\t1\tA\n")
    try dir.write("cora.cites", "p1\tp2\np2\tp3\npX\tp1\n")
    let r = try GraphKDBinary.run([
      "convert", "linqs", dir.path("cora.content"), dir.path("cora.cites"), "-o", dir.path("cora.h5"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("3 nodes, 2 undirected edges, 2 features, 2 classes"))
    #expect(r.standardError.contains("note: dropped 1 citations"))
  }

  @Test func ogbRawFolder() throws {
    let dir = try ScratchDirectory()
    let root = dir.url.appendingPathComponent("ogbn_toy")
    for sub in ["raw", "split/random"] {
      try FileManager.default.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
    }
    try dir.write("ogbn_toy/raw/edge.csv", "0,1\n1,2\n")
    try dir.write("ogbn_toy/raw/node-feat.csv", "0.5,1\n1,0\n0,0\n")
    try dir.write("ogbn_toy/raw/node-label.csv", "0\n1\n1\n")
    try dir.write("ogbn_toy/split/random/train.csv", "0\n")
    try dir.write("ogbn_toy/split/random/valid.csv", "1\n")
    try dir.write("ogbn_toy/split/random/test.csv", "2\n")
    let r = try GraphKDBinary.run([
      "convert", "ogb", root.path, "--symmetrize", "-o", dir.path("toy.h5"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("3 nodes, 2 undirected edges, 2 features, 2 classes, splits: random"))
  }

  @Test func interactionsPairFiles() throws {
    let dir = try ScratchDirectory()
    let data = GraphFileFixtures.fixture("citeulike-derrd")
    let r = try GraphKDBinary.run([
      "convert", "interactions", "--train", "\(data)/train.tsv", "--valid", "\(data)/valid.tsv", "--test",
      "\(data)/test.tsv", "-o", dir.path("citeulike.h5"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("5,219 users × 25,181 items, 115,142 interactions"))
    let inspect = try GraphKDBinary.run(["inspect", dir.path("citeulike.h5")])
    #expect(inspect.standardOutput.contains("held out: test 5,219, valid 5,219"))
  }

  @Test func interactionsUsersDat() throws {
    let dir = try ScratchDirectory()
    let r = try GraphKDBinary.run([
      "convert", "interactions", "--users-dat", GraphFileFixtures.fixture("citeulike-t/users.dat"), "-o",
      dir.path("t.h5"),
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("7,947 users"))
    #expect(r.standardOutput.contains("134,860 interactions"))
  }

  // MARK: Failures: non-zero exit, a message naming the file, and no output left behind

  @Test func existingOutputWithoutForce() throws {
    let dir = try ScratchDirectory()
    try dir.write("cora.h5", "keep me")
    let args = ["convert", "npz", GraphFileFixtures.fixture("cora_planetoid.npz"), "-o", dir.path("cora.h5")]
    let r = try GraphKDBinary.run(args)
    #expect(r.status != 0)
    #expect(r.standardError.contains("cora.h5 already exists; pass --force to replace it"))
    #expect(try String(contentsOfFile: dir.path("cora.h5"), encoding: .utf8) == "keep me")
    let forced = try GraphKDBinary.run(args + ["--force"])
    #expect(forced.status == 0, "\(forced.standardError)")
    #expect(try dir.contents() == ["cora.h5"])
  }

  @Test func missingInput() throws {
    let dir = try ScratchDirectory()
    let r = try GraphKDBinary.run(["convert", "npz", dir.path("absent.npz"), "-o", dir.path("out.h5")])
    #expect(r.status != 0)
    #expect(r.standardError.contains("absent.npz: expected an existing file, but got no such file"))
    #expect(try dir.contents().isEmpty)
  }

  @Test func truncatedZip() throws {
    let dir = try ScratchDirectory()
    let whole = try Data(contentsOf: URL(fileURLWithPath: GraphFileFixtures.fixture("cora_planetoid.npz")))
    try whole.prefix(50_000).write(to: dir.url.appendingPathComponent("cut.npz"))
    let r = try GraphKDBinary.run(["convert", "npz", dir.path("cut.npz"), "-o", dir.path("out.h5")])
    #expect(r.status != 0)
    #expect(r.standardError.contains("cut.npz: expected a zip archive (.npz), but got an unreadable archive"))
    #expect(try dir.contents() == ["cut.npz"])
  }

  @Test func nonNumericCSVCell() throws {
    let dir = try ScratchDirectory()
    try dir.write("edges.csv", "0,1\n1,2\n2,three\n")
    let r = try GraphKDBinary.run([
      "convert", "csv", dir.path("edges.csv"), "--ids", "integer", "-o", dir.path("out.h5"),
    ])
    #expect(r.status != 0)
    #expect(
      r.standardError.contains(
        "edges.csv: line 3, column 2: expected a non-negative integer node id (--ids integer; --ids auto maps other "
          + "ids to nodes), but got \"three\""))
    #expect(try dir.contents() == ["edges.csv"])
  }

  @Test func aHugeIdIsMappedOrRefusedNeverAllocated() throws {
    // Two lines naming node 2,000,000,000: auto numbers the three ids, integer refuses before
    // allocating anything, under a 1 GiB address-space limit that a 2e9-node graph would break.
    let dir = try ScratchDirectory()
    try dir.write("edges.csv", "0,1\n1,2000000000\n")
    let auto = try GraphKDBinary.run(
      ["convert", "csv", dir.path("edges.csv"), "-o", dir.path("auto.h5")], memoryLimitMiB: 1024)
    #expect(auto.status == 0, "\(auto.standardError)")
    #expect(auto.standardOutput.contains("3 nodes"), "\(auto.standardOutput)")
    #expect(auto.standardError.contains("node ids are not dense 0-based indices (largest 2000000000"))
    let inspect = try GraphKDBinary.run(["inspect", dir.path("auto.h5"), "--json"])
    #expect(inspect.standardOutput.contains("\"nodes\" : 3") || inspect.standardOutput.contains("\"nodes\":3"))
    let integer = try GraphKDBinary.run(
      ["convert", "csv", dir.path("edges.csv"), "--ids", "integer", "-o", dir.path("int.h5")], memoryLimitMiB: 1024)
    #expect(integer.status != 0)
    #expect(
      integer.standardError.contains(
        "edges.csv: line 2: expected node ids below 16 (four times the 4 ids read): --ids integer uses them as "
          + "indices; --ids auto numbers any ids 0..<N, --nodes N declares a larger count, but got 2000000000"),
      "\(integer.standardError)")
    #expect(try !dir.contents().contains("int.h5"))
  }

  @Test func nonFiniteCSVFeature() throws {
    let dir = try ScratchDirectory()
    try dir.write("edges.csv", "0,1\n")
    try dir.write("x.csv", "0.5\ninf\n")
    let r = try GraphKDBinary.run([
      "convert", "csv", dir.path("edges.csv"), "--features", dir.path("x.csv"), "-o", dir.path("out.h5"),
    ])
    #expect(r.status != 0)
    #expect(r.standardError.contains("x.csv: line 2, column 1: expected a finite number, but got \"inf\""))
    #expect(try dir.contents() == ["edges.csv", "x.csv"])
  }
}
