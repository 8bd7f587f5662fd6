import Foundation
import Tensors
import Testing

@testable import GraphData

/// Datasets above ``HDF5Dataset/directReadThreshold`` are read with parallel `pread` (when
/// contiguous) and validated block by block while being read; these tests make sure that path
/// gives the same arrays and the same error messages as the plain `H5Dread` path.
@Suite("Large dataset reads")
struct LargeDatasetReadTests {
  /// 120,000 nodes, each linked to its next 20 nodes (2.4 M entries, 9.6 MB of indices), with
  /// 120,000 × 24 features (11.5 MB): both above the direct-read threshold.
  static let graph: Graph = {
    let n = 120_000
    var pointers = [Int](repeating: 0, count: n + 1)
    var indices: [Int32] = []
    indices.reserveCapacity(n * 20)
    for i in 0..<n {
      for j in (i + 1)..<min(i + 21, n) { indices.append(Int32(j)) }
      pointers[i + 1] = indices.count
    }
    let adjacency = CSRMatrix(
      unchecked: n, columnCount: n, rowPointers: pointers, columnIndices: indices,
      values: [Float](repeating: 1, count: indices.count))
    var rng = Xoshiro256StarStar(seed: 5)
    let x = Tensor.randomUniform(shape: [n, 24], lowerBound: -1, upperBound: 1, generator: &rng)
    return try! Graph(name: "large", isDirected: true, adjacency: adjacency, features: .dense(x))
  }()

  private func write(_ dir: TemporaryDirectory, compression: Int?) throws -> URL {
    let url = dir.file("large.h5")
    try HDF5GraphStore.write(Self.graph, to: url, options: .init(compressionLevel: compression))
    return url
  }

  @Test(arguments: [nil, 1] as [Int?])
  func roundTrip(compression: Int?) throws {
    let dir = try TemporaryDirectory()
    let url = try write(dir, compression: compression)
    let file = try HDF5File.open(at: url.path)
    let features = try file.root().openDataset("features")
    let direct = try features.directLocation(for: Float.self)
    #expect((direct != nil) == (compression == nil))
    #expect((features.chunkedLayout(for: Float.self) != nil) == (compression != nil))
    try file.close()
    #expect(try HDF5GraphStore.read(from: url) == Self.graph)
  }

  private func damage(_ url: URL, _ body: (HDF5Group) throws -> Void) throws {
    let file = try HDF5File.open(at: url.path, writable: true)
    try body(try file.root())
    try file.close()
  }

  /// Contiguous (parallel `pread`), shuffle + deflate and deflate-only (h5py's gzip) chunks.
  @Test(arguments: [
    HDF5DatasetLayout.contiguous, .deflate(level: 1),
    HDF5DatasetLayout(deflateLevel: 1, chunkBytes: 100_000, shuffle: false),
  ])
  func nonFiniteFeatureFoundInABlock(layout: HDF5DatasetLayout) throws {
    let dir = try TemporaryDirectory()
    let url = try write(dir, compression: nil)
    var values = Self.graph.features!.denseTensor().scalars
    values[99_999 * 24 + 7] = -.infinity
    try damage(url) { root in
      try root.removeChild("features")
      try root.createDataset("features", shape: [120_000, 24], values: values, layout: layout)
    }
    let error = expectGraphDataError(.nonFinite) { _ = try HDF5GraphStore.read(from: url) }
    #expect(
      error?.description.hasSuffix("field '/features': expected finite values, but got -inf at row 99999, column 7")
        == true)
  }

  @Test func deflateOnlyChunksAsH5pyWritesThem() throws {
    let dir = try TemporaryDirectory()
    let url = try write(dir, compression: nil)
    let indices = Self.graph.adjacency.columnIndices
    try damage(url) { root in
      let g = try root.openGroup("graph")
      try g.removeChild("indices")
      try g.createDataset(
        "indices", values: indices, layout: HDF5DatasetLayout(deflateLevel: 4, chunkBytes: 300_000, shuffle: false))
    }
    #expect(try HDF5GraphStore.read(from: url) == Self.graph)
  }

  /// The swapped pair straddles a block boundary (2 MiB blocks of the direct read: 524,288
  /// indices; chunks of 75,001 indices), where only the boundary pass can see it.
  @Test(arguments: [
    (HDF5DatasetLayout.contiguous, 2 * 524_288), (HDF5DatasetLayout(deflateLevel: 1, chunkBytes: 300_004), 19 * 75_001),
  ])
  func unsortedRowFoundFromBlockStatistics(layout: HDF5DatasetLayout, boundary: Int) throws {
    let dir = try TemporaryDirectory()
    let url = try write(dir, compression: nil)
    var indices = Self.graph.adjacency.columnIndices
    let k = boundary - 1
    let row = Self.graph.adjacency.rowPointers.lastIndex { $0 <= k }!
    #expect(Self.graph.adjacency.rowPointers[row + 1] > k + 1)  // both positions in one row
    indices.swapAt(k, k + 1)
    try damage(url) { root in
      let g = try root.openGroup("graph")
      try g.removeChild("indices")
      try g.createDataset("indices", values: indices, layout: layout)
    }
    let error = expectGraphDataError(.value) { _ = try HDF5GraphStore.read(from: url) }
    #expect(
      error?.description.hasSuffix(
        "field '/graph/indices': expected strictly increasing column indices within each row (sorted, no duplicate entries), but got \(indices[k + 1]) after \(indices[k]) at position \(k + 1) (row \(row))"
      ) == true, "\(String(describing: error))")
  }

  @Test func indexOutOfRangeFoundFromBlockStatistics() throws {
    let dir = try TemporaryDirectory()
    let url = try write(dir, compression: nil)
    var indices = Self.graph.adjacency.columnIndices
    indices[indices.count - 1] = 120_000
    try damage(url) { root in
      let g = try root.openGroup("graph")
      try g.removeChild("indices")
      try g.createDataset("indices", values: indices, layout: .contiguous)
    }
    let error = expectGraphDataError(.index) { _ = try HDF5GraphStore.read(from: url) }
    #expect(
      error?.description.hasSuffix(
        "field '/graph/indices': expected indices in 0..<120000, but got 120000 at position \(indices.count - 1)")
        == true)
  }
}
