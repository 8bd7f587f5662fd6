import Foundation
import ZIPFoundation

/// Writes NumPy `.npz` archives (what `np.savez` / `np.savez_compressed` produce): each array
/// becomes a `<key>.npy` entry of a zip file.
///
/// GraphKD reads graphs from `.npz` files with ``NPZImporter``; this writer exists to make such
/// files from Swift, for benchmarks and for tests of the importer (including big-endian and
/// fixed-width unicode arrays). `np.load` reads what it writes.
///
/// ```swift
/// var npz = try NumPyArchiveWriter(url: URL(fileURLWithPath: "/tmp/g.npz"), compressed: true)
/// try npz.add("adj_indptr", values: [0, 1, 2] as [Int32])
/// try npz.add("adj_shape", values: [2, 2] as [Int])
/// try npz.addStrings("class_names", ["a", "b"])
/// ```
public struct NumPyArchiveWriter {
  private let archive: Archive
  private let compressed: Bool

  /// Creates the archive at `url`, replacing any file there.
  /// - Parameter compressed: deflate each entry (`np.savez_compressed`) or store it (`np.savez`).
  public init(url: URL, compressed: Bool = false) throws {
    try? FileManager.default.removeItem(at: url)
    archive = try Archive(url: url, accessMode: .create)
    self.compressed = compressed
  }

  /// Adds `values` under `key` with `shape` (default: 1-D), in little- or big-endian order.
  public func add<T: NumPyScalar>(_ key: String, values: [T], shape: [Int]? = nil, bigEndian: Bool = false) throws {
    let shape = shape ?? [values.count]
    precondition(
      shape.reduce(1, *) == values.count, "NumPyArchiveWriter.add: \(values.count) values for shape \(shape)")
    let (code, size) = T.numpyType
    let order = size == 1 ? "|" : (bigEndian ? ">" : "<")
    var payload = Data(capacity: values.count * size)
    if !bigEndian, 1.littleEndian == 1 {
      values.withUnsafeBytes { payload.append(contentsOf: $0) }
    } else {
      for v in values { payload.append(contentsOf: bigEndian ? v.littleEndianBytes.reversed() : v.littleEndianBytes) }
    }
    try addArray(key, descr: "\(order)\(code)\(size)", shape: shape, payload: payload)
  }

  /// Adds `strings` under `key` as fixed-width unicode (`<U{n}`, UTF-32, n = the longest
  /// string's length in Unicode scalars), NumPy's default for arrays of `str`.
  public func addStrings(_ key: String, _ strings: [String], bigEndian: Bool = false) throws {
    let width = max(1, strings.map { $0.unicodeScalars.count }.max() ?? 1)
    var payload = Data(capacity: strings.count * width * 4)
    for s in strings {
      var units = s.unicodeScalars.map { $0.value }
      units += [UInt32](repeating: 0, count: width - units.count)
      for u in units {
        payload.append(contentsOf: bigEndian ? u.littleEndianBytes.reversed() : u.littleEndianBytes)
      }
    }
    try addArray(key, descr: "\(bigEndian ? ">" : "<")U\(width)", shape: [strings.count], payload: payload)
  }

  /// Adds an array given its dtype string and raw payload (for dtypes without a Swift type).
  public func addArray(_ key: String, descr: String, shape: [Int], payload: Data) throws {
    let file = Self.npyFile(descr: descr, shape: shape, payload: payload)
    let total = file.count
    try archive.addEntry(
      with: "\(key).npy", type: .file, uncompressedSize: Int64(total),
      modificationDate: Date(timeIntervalSince1970: 315_532_800),
      compressionMethod: compressed ? .deflate : .none, bufferSize: 1 << 20
    ) { position, size in
      file.subdata(in: Int(position)..<(Int(position) + size))
    }
  }

  /// A whole `.npy` file (format version 1.0): the magic string, the header dictionary padded
  /// to a multiple of 64 bytes, then `payload`.
  public static func npyFile(descr: String, shape: [Int], payload: Data) -> Data {
    let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
    let unpadded = 10 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var file = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    let length = UInt16(header.utf8.count)
    file.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
    file.append(contentsOf: Array(header.utf8))
    file.append(payload)
    return file
  }
}
