import Foundation
import Tensors
import Testing

@testable import GraphData

@Suite("NPZImporter")
struct NPZImporterTests {
  @Test func importsCoraPlanetoid() throws {
    var notes: [String] = []
    let graph = try NPZImporter(url: Fixtures.coraPlanetoid, name: "cora").importGraph { notes.append($0) }
    #expect(graph.nodeCount == 2708)
    #expect(graph.storedEdgeCount == 10556)
    #expect(!graph.isDirected)
    #expect(graph.features?.dimension == 1433)
    #expect(graph.features?.isSparse == true)
    #expect(graph.classCount == 7)
    let split = try #require(graph.splits["public"])
    #expect(split.train.count == 140 && split.validation.count == 500 && split.test.count == 1000)
    #expect(notes.isEmpty)
  }

  /// convert → write → read gives exactly the arrays stored in the `.npz`.
  @Test func roundTripThroughHDF5KeepsTheNPZArrays() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("cora.h5")
    try HDF5GraphStore.write(try NPZImporter(url: Fixtures.coraPlanetoid).importGraph(), to: url)
    let graph = try HDF5GraphStore.read(from: url)

    let npz = try NPZArchive(url: Fixtures.coraPlanetoid)
    func ints(_ key: String) throws -> [Int] { try #require(try npz.array(key)).integers(file: "", field: key) }
    func floats(_ key: String) throws -> [Float] { try #require(try npz.array(key)).floats(file: "", field: key) }
    #expect(graph.adjacency.rowPointers == (try ints("adj_indptr")))
    #expect(graph.adjacency.columnIndices.map(Int.init) == (try ints("adj_indices")))
    #expect(graph.adjacency.values == (try floats("adj_data")))
    guard case .sparse(let x)? = graph.features else {
      Issue.record("expected sparse features")
      return
    }
    #expect(x.rowPointers == (try ints("attr_indptr")))
    #expect(x.columnIndices.map(Int.init) == (try ints("attr_indices")))
    #expect(x.values == (try floats("attr_data")))
    #expect(graph.labels == (try ints("labels")))
    #expect(graph.splits["public"]?.train == (try ints("idx_train")))
    #expect(graph.splits["public"]?.validation == (try ints("idx_val")))
    #expect(graph.splits["public"]?.test == (try ints("idx_test")))
  }

  @Test func importsCoraGNNBenchmarkWithNamesAndUnsortedRows() throws {
    let graph = try NPZImporter(url: Fixtures.coraGNNBenchmark).importGraph()
    #expect(graph.name == "cora")
    #expect(graph.nodeCount == 2708)
    #expect(graph.storedEdgeCount == 5429)
    #expect(graph.isDirected)
    #expect(graph.classNames?.count == 7)
    #expect(graph.classNames?.first == "Case_Based")
    #expect(graph.nodeNames?.first == "1000012")
    #expect(graph.adjacency.hasSortedUniqueRows)
  }

  /// The same small graph written with big-endian, narrow and wide dtypes imports identically.
  @Test(arguments: [false, true])
  func anyByteOrderAndWidth(bigEndian: Bool) throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("tiny.npz")
    let npz = try NumPyArchiveWriter(url: url, compressed: bigEndian)
    try npz.add("adj_indptr", values: [0, 1, 3, 4] as [Int], bigEndian: bigEndian)
    try npz.add("adj_indices", values: [1, 0, 2, 1] as [Int32], bigEndian: bigEndian)
    try npz.add("adj_data", values: [0.5, 0.5, 2, 2] as [Double], bigEndian: bigEndian)
    try npz.add("adj_shape", values: [3, 3] as [Int], bigEndian: bigEndian)
    try npz.add("attr_matrix", values: [1, 2, 3, 4, 5, 6] as [Float], shape: [3, 2], bigEndian: bigEndian)
    try npz.add("labels", values: [1, -1, 0] as [Int16], bigEndian: bigEndian)
    try npz.addStrings("class_names", ["zero", "one"], bigEndian: bigEndian)
    try npz.addArray("node_names", descr: "|S3", shape: [3], payload: Data("a\0\0bb\0ccc".utf8))
    try npz.add("idx_train", values: [0] as [UInt8])
    try npz.add("idx_val", values: [1] as [UInt32], bigEndian: bigEndian)
    try npz.add("idx_test", values: [2] as [Int8])
    let graph = try NPZImporter(url: url).importGraph()
    #expect(graph.adjacency.rowPointers == [0, 1, 3, 4])
    #expect(graph.adjacency.columnIndices == [1, 0, 2, 1])
    #expect(graph.adjacency.values == [0.5, 0.5, 2, 2])
    #expect(!graph.isDirected)
    #expect(graph.features == .dense(try Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])))
    #expect(graph.labels == [1, -1, 0])
    #expect(graph.classNames == ["zero", "one"])
    #expect(graph.nodeNames == ["a", "bb", "ccc"])
    #expect(graph.splits["public"] == Split(train: [0], validation: [1], test: [2]))
  }

  // MARK: Bad input

  /// A valid small archive with `edit` applied to its arrays.
  private func archive(
    _ dir: TemporaryDirectory, omit: Set<String> = [], _ extra: (NumPyArchiveWriter) throws -> Void = { _ in }
  ) throws -> URL {
    let url = dir.file("bad.npz")
    let npz = try NumPyArchiveWriter(url: url)
    let arrays: [(String, [Int32])] = [
      ("adj_indptr", [0, 1, 2, 2]), ("adj_indices", [1, 0]), ("labels", [0, 1, 0]),
    ]
    for (key, values) in arrays where !omit.contains(key) { try npz.add(key, values: values) }
    if !omit.contains("adj_shape") { try npz.add("adj_shape", values: [3, 3] as [Int]) }
    try extra(npz)
    return url
  }

  @Test func missingFile() throws {
    let dir = try TemporaryDirectory()
    let error = expectGraphDataError(.missingFile) { _ = try NPZImporter(url: dir.file("none.npz")).importGraph() }
    #expect(error?.description.hasSuffix("none.npz: expected an existing file, but got no such file") == true)
  }

  @Test func missingKey() throws {
    let dir = try TemporaryDirectory()
    let url = try archive(dir, omit: ["adj_indices"])
    let error = expectGraphDataError(.missingField) { _ = try NPZImporter(url: url).importGraph() }
    #expect(
      error?.description.hasSuffix(
        "bad.npz: field 'adj_indices': expected a key 'adj_indices' (CSR column indices), but got no such key (keys: adj_indptr, adj_shape, labels)"
      ) == true, "\(String(describing: error))")
  }

  @Test func wrongDtype() throws {
    let dir = try TemporaryDirectory()
    let url = try archive(dir, omit: ["adj_indices"]) { try $0.add("adj_indices", values: [1, 0] as [Float]) }
    let error = expectGraphDataError(.wrongType) { _ = try NPZImporter(url: url).importGraph() }
    #expect(
      error?.description.hasSuffix("field 'adj_indices': expected an integer dtype, but got float32 ('<f4')") == true)
  }

  @Test func pickledObjectArray() throws {
    let dir = try TemporaryDirectory()
    let url = try archive(dir) { try $0.addArray("node_names", descr: "|O", shape: [3], payload: Data(count: 24)) }
    let error = expectGraphDataError(.wrongType) { _ = try NPZImporter(url: url).importGraph() }
    #expect(error?.description.contains("save with allow_pickle=False") == true)
  }

  @Test func indexOutOfRange() throws {
    let dir = try TemporaryDirectory()
    let url = try archive(dir, omit: ["adj_indices"]) { try $0.add("adj_indices", values: [1, 3] as [Int32]) }
    let error = expectGraphDataError(.index) { _ = try NPZImporter(url: url).importGraph() }
    #expect(
      error?.description.hasSuffix("field 'adj_indices': expected indices in 0..<3, but got 3 at position 1") == true)
  }

  @Test func nonMonotoneIndptr() throws {
    let dir = try TemporaryDirectory()
    let url = try archive(dir, omit: ["adj_indptr"]) { try $0.add("adj_indptr", values: [0, 2, 1, 2] as [Int32]) }
    let error = expectGraphDataError(.value) { _ = try NPZImporter(url: url).importGraph() }
    #expect(
      error?.description.hasSuffix(
        "bad.npz: field 'adj_indptr': expected non-decreasing values, but got 1 after 2 at position 2")
        == true)
  }

  @Test func labelCountDiffersFromNodeCount() throws {
    let dir = try TemporaryDirectory()
    let url = try archive(dir, omit: ["labels"]) { try $0.add("labels", values: [0, 1] as [Int]) }
    let error = expectGraphDataError(.shape) { _ = try NPZImporter(url: url).importGraph() }
    #expect(
      error?.description.hasSuffix("bad.npz: field 'labels': expected 3 labels (one per node), but got 2") == true)
  }

  @Test func nonFiniteFeatures() throws {
    let dir = try TemporaryDirectory()
    let url = try archive(dir) {
      try $0.add("attr_matrix", values: [1, 0, .infinity, 0, 0, 1] as [Float], shape: [3, 2])
    }
    let error = expectGraphDataError(.nonFinite) { _ = try NPZImporter(url: url).importGraph() }
    #expect(
      error?.description.hasSuffix("field 'attr_matrix': expected finite values, but got inf at row 1, column 0")
        == true)
  }

  @Test func truncatedZip() throws {
    let dir = try TemporaryDirectory()
    let cut = dir.file("cut.npz")
    try TestFiles.truncate(Fixtures.coraPlanetoid, to: cut, keeping: 60_000)
    let error = expectGraphDataError(.corruptFile) { _ = try NPZImporter(url: cut).importGraph() }
    #expect(error?.description.contains("cut.npz: expected a zip archive (.npz), but got") == true)
    #expect(error?.description.contains("truncated") == true, "\(String(describing: error))")
  }

  @Test func corruptZipEntryData() throws {
    let dir = try TemporaryDirectory()
    let bad = dir.file("corrupt.npz")
    // Bytes 300..<316 lie in adj_indices.npy's deflate stream (its local header is at 210).
    try TestFiles.corrupt(Fixtures.coraPlanetoid, to: bad, at: Array(300..<316))
    let error = expectGraphDataError(.corruptFile) { _ = try NPZImporter(url: bad).importGraph() }
    #expect(
      error?.description.hasSuffix(
        "corrupt.npz: field 'adj_indices': expected an intact zip entry 'adj_indices.npy', but got corrupt deflate data: the entry cannot be inflated"
      ) == true, "\(String(describing: error))")
  }

  @Test func corruptZipHeader() throws {
    let dir = try TemporaryDirectory()
    let bad = dir.file("corrupt.npz")
    // Bytes 200..<216 hit the local header of the second entry, adj_indices.npy.
    try TestFiles.corrupt(Fixtures.coraPlanetoid, to: bad, at: Array(200..<216))
    let error = expectGraphDataError(.corruptFile) { _ = try NPZImporter(url: bad).importGraph() }
    #expect(
      error?.description.hasSuffix(
        "corrupt.npz: expected 12 readable entries (as the zip's central directory lists), but got 1: a damaged local header follows entry 1"
      ) == true, "\(String(describing: error))")
  }

  /// Found by `scripts/fuzz/run.sh npz`: a mutated deflate stream that never ends made
  /// ZIPFoundation's extraction read empty chunks past the entry forever. The entry is now read
  /// within its central-directory bounds and the damage reported. (It takes milliseconds; the
  /// limit is generous because a test can wait minutes for a thread while the suite's long tests
  /// hold both cores.)
  @Test(.timeLimit(.minutes(10)))
  func aDeflateStreamThatDoesNotEndIsAnErrorNotAHang() throws {
    let url = Fixtures.url("fuzz/npz-deflate-stream-does-not-end.npz")
    let error = expectGraphDataError(.corruptFile) { _ = try NPZImporter(url: url).importGraph() }
    #expect(
      error?.description.hasSuffix(
        "field 'attr_indices': expected an intact zip entry 'attr_indices.npy', but got more data than the entry's "
          + "declared size") == true, "\(String(describing: error))")
  }
}
