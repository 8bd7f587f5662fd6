import Tensors

#if canImport(Glibc)
  import Glibc
#endif

/// Asks Linux to back large fresh buffers with transparent huge pages (2 MiB) before they are
/// first written, as NumPy does for its array allocations.
///
/// Filling a 256 MB array through 4 KiB pages takes ~65,000 page faults, which cost more than
/// copying the data from the page cache; with huge pages the faults drop 512-fold and whole-array
/// reads run at memory bandwidth. The advice only applies where the kernel allows it
/// (`/sys/kernel/mm/transparent_hugepage/enabled` = `madvise` or `always`) and is otherwise
/// ignored, so it never changes results.
enum HugePages {
  /// Buffers smaller than this are left alone.
  static let threshold = 4 << 20
  private static let hugePage = 2 << 20

  /// Advises huge pages for the 2 MiB-aligned interior of `[start, start + bytes)`.
  static func advise(_ start: UnsafeMutableRawPointer?, bytes: Int) {
    #if os(Linux)
      guard let start, bytes >= threshold else { return }
      let address = UInt(bitPattern: start)
      let first = (address + UInt(hugePage) - 1) & ~UInt(hugePage - 1)
      let end = (address + UInt(bytes)) & ~UInt(hugePage - 1)
      guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
      _ = madvise(aligned, Int(end - first), MADV_HUGEPAGE)
    #endif
  }

  /// An array of `count` copies of `value`, its storage advised for huge pages before filling
  /// (filled on every core when large: the first touch of fresh pages costs more than the
  /// stores).
  static func filledArray<T: BitwiseCopyable>(repeating value: T, count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      let bytes = count * MemoryLayout<T>.stride
      advise(UnsafeMutableRawPointer(buffer.baseAddress), bytes: bytes)
      let parts = Parallelism.ranges(count: count, parts: bytes >= threshold ? Parallelism.threadCount : 1)
      Parallelism.forEach(chunks: parts.count, threads: Parallelism.threadCount) { p in
        (buffer.baseAddress! + parts[p].lowerBound).initialize(repeating: value, count: parts[p].count)
      }
      initialized = count
    }
  }
}
