import CGzip
import CHDF5
import Foundation
import Tensors

/// An open HDF5 dataset: its shape, its stored element type, and whole-dataset reads straight
/// into Swift arrays.
final class HDF5Dataset: HDF5Object {
  /// The HDF5 dataset identifier.
  let id: hid_t
  /// The absolute path in the file.
  let path: String
  /// The extent of each dimension (`[]` for a scalar dataset).
  let shape: [Int]
  /// The element type as stored in the file.
  let elementType: HDF5ElementType

  init(id: hid_t, path: String) throws {
    self.id = id
    self.path = path
    do {
      let space = try HDF5Library.check(H5Dget_space(id), "get dataspace of '\(path)'")
      defer { H5Sclose(space) }
      let rank = Int(H5Sget_simple_extent_ndims(space))
      var dims = [hsize_t](repeating: 0, count: max(rank, 1))
      if rank > 0 { H5Sget_simple_extent_dims(space, &dims, nil) }
      self.shape = rank > 0 ? dims.map { Int($0) } : []
      let type = try HDF5Library.check(H5Dget_type(id), "get datatype of '\(path)'")
      defer { H5Tclose(type) }
      self.elementType = HDF5ElementType(type: type)
    } catch {
      H5Dclose(id)
      throw error
    }
  }

  deinit {
    if H5Iis_valid(id) > 0 { H5Dclose(id) }
  }

  /// The number of elements.
  var count: Int { shape.reduce(1, *) }

  /// Reads every element, converted by HDF5 to `T`, into a new array (row-major).
  ///
  /// The array is allocated once with `Array(unsafeUninitializedCapacity:)` (advised for huge
  /// pages when large, see ``HugePages``) and filled without per-element work in Swift: by one
  /// `H5Dread`, or, for a large contiguous unfiltered dataset already stored as `T`, by parallel
  /// `pread(2)` calls straight into the array (``directLocation(for:)``).
  func read<T: HDF5Scalar>(as type: T.Type) throws -> [T] {
    try read(as: type, inspectingBlocks: nil)
  }

  /// The size of the blocks handed to a block inspector (2 MiB: they are still in cache).
  static let blockBytes = 2 << 20

  /// Reads every element as ``read(as:)`` does and calls `inspect(block, offset)` for
  /// consecutive blocks of about ``blockBytes`` covering the array, where `offset` is the index
  /// of the block's first element. On the direct path each block is inspected by the thread
  /// that read it, right after reading it, so validation costs no extra pass over memory. Blocks
  /// may be inspected concurrently and in any order.
  func read<T: HDF5Scalar>(
    as type: T.Type, inspectingBlocks inspect: ((UnsafeBufferPointer<T>, Int) -> Void)?
  ) throws -> [T] {
    HDF5Library.prepare()
    let n = count
    let direct = try directLocation(for: T.self)
    return try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
      HugePages.advise(UnsafeMutableRawPointer(buffer.baseAddress), bytes: n * MemoryLayout<T>.stride)
      defer { initialized = n }
      guard n > 0 else { return }
      if let direct {
        try readDirectly(direct, into: buffer, inspect: inspect)
        return
      }
      if let chunks = chunkedLayout(for: T.self), try readChunksInParallel(chunks, into: buffer, inspect: inspect) {
        return
      }
      try HDF5Library.check(
        H5Dread(id, T.memoryType, graphkd_H5S_ALL(), graphkd_H5S_ALL(), graphkd_H5P_DEFAULT(), buffer.baseAddress),
        "read dataset '\(path)'")
      if let inspect {
        let blocks = Self.blocks(count: n, elementBytes: MemoryLayout<T>.stride)
        Parallelism.forEach(chunks: blocks.count, threads: n >= 1 << 22 ? Parallelism.threadCount : 1) { b in
          inspect(UnsafeBufferPointer(rebasing: buffer[blocks[b]]), blocks[b].lowerBound)
        }
      }
    }
  }

  /// `0..<count` cut into consecutive ranges of about ``blockBytes``.
  static func blocks(count: Int, elementBytes: Int) -> [Range<Int>] {
    let size = max(1, blockBytes / max(1, elementBytes))
    return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
  }

  /// Datasets at least this large (in bytes) are read with parallel `pread` when possible.
  static let directReadThreshold = 8 << 20

  /// Where a large dataset's bytes can be read without HDF5: the file path and byte offset of a
  /// contiguous, unfiltered, allocated dataset whose stored type is exactly `T` in memory, after
  /// checking that the first row read from there equals the first row HDF5 returns. `nil` for
  /// anything else (chunked or compressed data, external storage, type conversion, other file
  /// drivers).
  func directLocation<T: HDF5Scalar>(for type: T.Type) throws -> (path: String, offset: Int)? {
    guard count * MemoryLayout<T>.stride >= Self.directReadThreshold else { return nil }
    let properties = H5Dget_create_plist(id)
    guard properties >= 0 else { return nil }
    defer { H5Pclose(properties) }
    guard H5Pget_layout(properties) == H5D_CONTIGUOUS, H5Pget_nfilters(properties) == 0,
      H5Pget_external_count(properties) == 0
    else { return nil }
    let fileType = H5Dget_type(id)
    guard fileType >= 0 else { return nil }
    defer { H5Tclose(fileType) }
    guard H5Tequal(fileType, T.memoryType) > 0 else { return nil }
    let offset = H5Dget_offset(id)
    guard offset != haddr_t.max, offset < UInt64(Int.max) else { return nil }
    let length = H5Fget_name(id, nil, 0)
    guard length > 0 else { return nil }
    var name = [CChar](repeating: 0, count: length + 1)
    _ = H5Fget_name(id, &name, name.count)
    let location = (String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self), Int(offset))
    return try firstRowMatches(T.self, at: location) ? location : nil
  }

  /// Fills `buffer` from `location` with one thread per core, each claiming ``blockBytes``
  /// pieces from a shared queue, reading them and inspecting every piece right after reading it.
  private func readDirectly<T: HDF5Scalar>(
    _ location: (path: String, offset: Int), into buffer: UnsafeMutableBufferPointer<T>,
    inspect: ((UnsafeBufferPointer<T>, Int) -> Void)?
  ) throws {
    let fd = open(location.path, O_RDONLY)
    guard fd >= 0 else {
      throw HDF5Error(operation: "open '\(location.path)' to read '\(path)'", message: String(cString: strerror(errno)))
    }
    defer { close(fd) }
    let stride = MemoryLayout<T>.stride
    let blocks = Self.blocks(count: buffer.count, elementBytes: stride)
    let queue = WorkQueue(count: blocks.count)
    let failed = SharedAccumulator(false)
    let workers = min(Parallelism.threadCount, blocks.count)
    Parallelism.forEach(chunks: workers, threads: workers) { _ in
      while let b = queue.claim() {
        let range = blocks[b]
        let raw = UnsafeMutableRawPointer(buffer.baseAddress! + range.lowerBound)
        let total = range.count * stride
        var done = 0
        while done < total {
          let got = pread(fd, raw + done, total - done, off_t(location.offset + range.lowerBound * stride + done))
          if got < 0 && errno == EINTR { continue }
          guard got > 0 else {
            failed.update { $0 = true }
            return
          }
          done += got
        }
        inspect?(UnsafeBufferPointer(rebasing: buffer[range]), range.lowerBound)
      }
    }
    guard !failed.value else {
      throw HDF5Error(
        operation: "read dataset '\(path)'", message: "the file ended before the dataset's \(buffer.count) elements")
    }
  }

  /// A chunked dataset GraphKD decodes itself, in parallel: chunks of whole rows, stored as `T`,
  /// passed through HDF5's shuffle and/or deflate filters only (what GraphKD and h5py's
  /// `compression="gzip"` write).
  struct ChunkedLayout {
    /// Rows (elements of a vector) per chunk.
    var chunkRows: Int
    /// Elements per row (1 for a vector).
    var rowElements: Int
    /// Pipeline positions of the filters (`nil` when absent), for the per-chunk filter mask.
    var shuffleIndex: Int?
    var deflateIndex: Int?
    /// The number of chunks.
    var chunkCount: Int
  }

  /// The layout of a large chunked dataset that ``readChunksInParallel(_:into:inspect:)`` can
  /// decode, or `nil`.
  func chunkedLayout<T: HDF5Scalar>(for type: T.Type) -> ChunkedLayout? {
    guard count * MemoryLayout<T>.stride >= Self.directReadThreshold, (1...2).contains(shape.count) else { return nil }
    let properties = H5Dget_create_plist(id)
    guard properties >= 0 else { return nil }
    defer { H5Pclose(properties) }
    guard H5Pget_layout(properties) == H5D_CHUNKED else { return nil }
    var dims = [hsize_t](repeating: 0, count: shape.count)
    guard H5Pget_chunk(properties, Int32(shape.count), &dims) == Int32(shape.count), dims[0] > 0 else { return nil }
    if shape.count == 2 && Int(dims[1]) != shape[1] { return nil }
    var shuffle: Int?
    var deflate: Int?
    let filters = Int(H5Pget_nfilters(properties))
    for i in 0..<max(filters, 0) {
      var flags: UInt32 = 0
      var values = [UInt32](repeating: 0, count: 8)
      var valueCount = values.count
      var configuration: UInt32 = 0
      let filter = H5Pget_filter2(properties, UInt32(i), &flags, &valueCount, &values, 0, nil, &configuration)
      switch filter {
      case H5Z_filter_t(H5Z_FILTER_SHUFFLE) where shuffle == nil && deflate == nil: shuffle = i
      case H5Z_filter_t(H5Z_FILTER_DEFLATE) where deflate == nil: deflate = i
      default: return nil
      }
    }
    let fileType = H5Dget_type(id)
    guard fileType >= 0 else { return nil }
    defer { H5Tclose(fileType) }
    guard H5Tequal(fileType, T.memoryType) > 0 else { return nil }
    let chunkRows = Int(dims[0])
    return ChunkedLayout(
      chunkRows: chunkRows, rowElements: shape.count == 2 ? shape[1] : 1, shuffleIndex: shuffle,
      deflateIndex: deflate, chunkCount: (shape[0] + chunkRows - 1) / chunkRows)
  }

  /// Decodes every chunk on one thread per core, each claiming chunks from a shared queue:
  /// `H5Dread_chunk` for the raw bytes (brief, under
  /// HDF5's lock), zlib's `uncompress` and the byte unshuffle outside it, straight into
  /// `buffer`; each chunk is inspected right after decoding. The first chunk is decoded alone
  /// first and its first row compared with HDF5's own read; on any surprise (a chunk not
  /// allocated, a size that does not fit) the method returns `false` before inspecting
  /// anything, and the caller reads with `H5Dread`.
  private func readChunksInParallel<T: HDF5Scalar>(
    _ layout: ChunkedLayout, into buffer: UnsafeMutableBufferPointer<T>,
    inspect: ((UnsafeBufferPointer<T>, Int) -> Void)?
  ) throws -> Bool {
    let elementBytes = MemoryLayout<T>.stride
    let chunkElements = layout.chunkRows * layout.rowElements
    let chunkBytes = chunkElements * elementBytes
    let rank = shape.count
    let destination = UnsafeMutableRawPointer(buffer.baseAddress!)
    let totalRows = shape[0]

    /// Decodes chunk `c` into place; false on a surprise.
    func decode(_ c: Int, compressed: inout [UInt8], plain: inout [UInt8]) -> Bool {
      HDF5Library.prepare()
      var offset = [hsize_t](repeating: 0, count: rank)
      offset[0] = hsize_t(c * layout.chunkRows)
      var stored: hsize_t = 0
      guard H5Dget_chunk_storage_size(id, &offset, &stored) >= 0, stored > 0 else { return false }
      if compressed.count < Int(stored) { compressed = [UInt8](repeating: 0, count: Int(stored)) }
      var mask: UInt32 = 0
      let status = compressed.withUnsafeMutableBytes {
        H5Dread_chunk(id, graphkd_H5P_DEFAULT(), &offset, &mask, $0.baseAddress)
      }
      guard status >= 0 else {
        _ = HDF5Library.takeErrorMessage()
        return false
      }
      let deflated = layout.deflateIndex.map { mask & (1 << UInt32($0)) == 0 } ?? false
      let shuffled = layout.shuffleIndex.map { mask & (1 << UInt32($0)) == 0 } ?? false
      let rows = min(layout.chunkRows, totalRows - c * layout.chunkRows)
      let valid = rows * layout.rowElements * elementBytes
      let target = destination + c * chunkElements * elementBytes
      // Undo the filters: the full chunk after inflating, then the valid rows unshuffled.
      func place(_ unfiltered: UnsafeRawPointer) {
        if shuffled {
          Self.unshuffle(
            unfiltered, into: target, elements: valid / elementBytes, elementBytes: elementBytes,
            chunkElements: chunkElements)
        } else {
          target.copyMemory(from: unfiltered, byteCount: valid)
        }
      }
      if deflated {
        if plain.count < chunkBytes { plain = [UInt8](repeating: 0, count: chunkBytes) }
        var length = uLongf(chunkBytes)
        let result = plain.withUnsafeMutableBytes { out in
          compressed.withUnsafeBytes { input in
            uncompress(
              out.baseAddress!.assumingMemoryBound(to: Bytef.self), &length,
              input.baseAddress!.assumingMemoryBound(to: Bytef.self), uLong(stored))
          }
        }
        guard result == Z_OK, Int(length) == chunkBytes else { return false }
        plain.withUnsafeBytes { place($0.baseAddress!) }
      } else {
        guard Int(stored) == chunkBytes else { return false }
        compressed.withUnsafeBytes { place($0.baseAddress!) }
      }
      return true
    }

    var compressed: [UInt8] = []
    var plain: [UInt8] = []
    guard decode(0, compressed: &compressed, plain: &plain) else { return false }
    guard try firstRowMatches(buffer) else { return false }
    let queue = WorkQueue(count: layout.chunkCount)
    let failed = SharedAccumulator(false)
    let workers = min(Parallelism.threadCount, layout.chunkCount)
    Parallelism.forEach(chunks: workers, threads: workers) { _ in
      var compressed: [UInt8] = []
      var plain: [UInt8] = []
      while let c = queue.claim() {
        if c > 0 && !decode(c, compressed: &compressed, plain: &plain) {
          failed.update { $0 = true }
          return
        }
        let start = c * chunkElements
        let end = min(start + chunkElements, buffer.count)
        inspect?(UnsafeBufferPointer(rebasing: buffer[start..<end]), start)
      }
    }
    guard !failed.value else {
      throw HDF5Error(
        operation: "read dataset '\(path)'", message: "a chunk could not be decoded (missing, or not shuffle/deflate)")
    }
    return true
  }

  /// Undoes HDF5's shuffle filter: byte `j` of element `i` was stored at `j * chunkElements + i`.
  static func unshuffle(
    _ source: UnsafeRawPointer, into target: UnsafeMutableRawPointer, elements: Int, elementBytes: Int,
    chunkElements: Int
  ) {
    let planes = source.assumingMemoryBound(to: UInt8.self)
    switch elementBytes {
    case 4:
      let out = target.assumingMemoryBound(to: UInt32.self)
      let (p0, p1, p2, p3) = (planes, planes + chunkElements, planes + 2 * chunkElements, planes + 3 * chunkElements)
      for i in 0..<elements {
        out[i] = UInt32(p0[i]) | UInt32(p1[i]) << 8 | UInt32(p2[i]) << 16 | UInt32(p3[i]) << 24
      }
    case 8:
      let out = target.assumingMemoryBound(to: UInt64.self)
      for i in 0..<elements {
        var v: UInt64 = 0
        for j in 0..<8 { v |= UInt64(planes[j * chunkElements + i]) << (8 * UInt64(j)) }
        out[i] = v
      }
    default:
      let out = target.assumingMemoryBound(to: UInt8.self)
      for i in 0..<elements {
        for j in 0..<elementBytes { out[i * elementBytes + j] = planes[j * chunkElements + i] }
      }
    }
  }

  /// Whether the first row of `buffer` equals what HDF5 reads for the first row.
  private func firstRowMatches<T: HDF5Scalar>(_ buffer: UnsafeMutableBufferPointer<T>) throws -> Bool {
    let reference = try firstRowBytes(T.self)
    return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[0..<reference.count]).elementsEqual(
      reference)
  }

  /// The bytes of the first row (or first 64 elements of a vector) as HDF5 reads them.
  private func firstRowBytes<T: HDF5Scalar>(_ type: T.Type) throws -> [UInt8] {
    let rowLength = shape.count >= 2 ? shape.dropFirst().reduce(1, *) : min(count, 64)
    var start = [hsize_t](repeating: 0, count: shape.count)
    var counts = shape.count >= 2 ? [1] + shape.dropFirst().map { hsize_t($0) } : [hsize_t(rowLength)]
    let fileSpace = try HDF5Library.check(H5Dget_space(id), "get dataspace of '\(path)'")
    defer { H5Sclose(fileSpace) }
    try HDF5Library.check(
      H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &counts, nil), "select the first row of '\(path)'")
    var memoryDims = [hsize_t(rowLength)]
    let memorySpace = try HDF5Library.check(H5Screate_simple(1, &memoryDims, nil), "create dataspace")
    defer { H5Sclose(memorySpace) }
    var reference = [UInt8](repeating: 0, count: rowLength * MemoryLayout<T>.stride)
    try reference.withUnsafeMutableBytes { row in
      try HDF5Library.check(
        H5Dread(id, T.memoryType, memorySpace, fileSpace, graphkd_H5P_DEFAULT(), row.baseAddress),
        "read the first row of '\(path)'")
    }
    return reference
  }

  /// Whether the first row (or first 64 elements of a vector) at `location` equals what HDF5
  /// reads for it.
  private func firstRowMatches<T: HDF5Scalar>(_ type: T.Type, at location: (path: String, offset: Int)) throws -> Bool {
    let reference = try firstRowBytes(T.self)
    let fd = open(location.path, O_RDONLY)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var direct = [UInt8](repeating: 0, count: reference.count)
    let got = direct.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(location.offset)) }
    return got == reference.count && direct == reference
  }

  /// Reads every element as a string (variable-length or fixed-length).
  func readStrings() throws -> [String] {
    HDF5Library.prepare()
    let type = try HDF5Library.check(H5Dget_type(id), "get datatype of '\(path)'")
    defer { H5Tclose(type) }
    return try HDF5StringType.read(fileType: type, count: count, operation: "read dataset '\(path)'") {
      memoryType, buffer in
      H5Dread(id, memoryType, graphkd_H5S_ALL(), graphkd_H5S_ALL(), graphkd_H5P_DEFAULT(), buffer)
    }
  }
}
