/// How a new dataset is stored: contiguous, or in chunks passed through HDF5's byte-shuffle and
/// deflate (zlib) filters.
///
/// Chunks hold about ``chunkBytes`` bytes: 1-D datasets are cut into runs of elements, 2-D
/// datasets into blocks of whole rows. Empty datasets are always contiguous (HDF5 cannot chunk a
/// zero extent). The shuffle filter groups the bytes of each element by significance before
/// deflate, which shrinks sorted index arrays and float features considerably at no cost to
/// read speed.
struct HDF5DatasetLayout: Sendable, Equatable {
  /// The deflate level 1…9, or `nil` for contiguous uncompressed storage.
  var deflateLevel: Int?
  /// Target size of one chunk in bytes.
  var chunkBytes: Int = 1 << 20
  /// Whether the shuffle filter precedes deflate (h5py's `compression="gzip"` alone has none).
  var shuffle = true

  /// Contiguous, uncompressed storage.
  static let contiguous = HDF5DatasetLayout(deflateLevel: nil)

  /// Chunked storage with shuffle + deflate at `level`.
  static func deflate(level: Int) -> HDF5DatasetLayout { HDF5DatasetLayout(deflateLevel: level) }

  /// The chunk shape for a dataset of `shape` with `elementBytes`-byte elements, or `nil` when
  /// the dataset is stored contiguously.
  func chunkShape(for shape: [Int], elementBytes: Int) -> [Int]? {
    guard deflateLevel != nil, !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else { return nil }
    let target = max(1, chunkBytes / max(1, elementBytes))
    if shape.count == 1 { return [min(shape[0], target)] }
    let rowElements = shape.dropFirst().reduce(1, *)
    let rows = min(shape[0], max(1, target / max(1, rowElements)))
    return [rows] + shape.dropFirst()
  }
}
