import Dispatch
import Synchronization

/// How many threads GraphKD's own kernels (SpMM, SDDMM, element-wise loops over large
/// tensors) use.
///
/// Defaults to the number of active processors. OpenBLAS manages its own threads for GEMM.
public enum Parallelism {
  private static let storage = Atomic<Int>(0)

  /// The number of threads kernels use when not told otherwise; at least 1.
  public static var threadCount: Int {
    get {
      let n = storage.load(ordering: .relaxed)
      return n > 0 ? n : max(1, ProcessInfoCores.activeProcessorCount)
    }
    set { storage.store(max(1, newValue), ordering: .relaxed) }
  }

  /// Below this many multiply-adds a kernel runs on one thread: handing work to other threads
  /// costs more than it saves.
  public static let minimumParallelWork = 1 << 18

  /// Runs `body(chunk)` for each chunk in `0..<chunks`, on up to `threads` threads.
  /// With one thread (or one chunk) the chunks run in order on the calling thread. The other
  /// threads run their chunks in the caller's denormal mode (see ``DenormalFlushing``).
  @inlinable
  public static func forEach(chunks: Int, threads: Int, _ body: (Int) -> Void) {
    if threads <= 1 || chunks <= 1 {
      for c in 0..<chunks { body(c) }
      return
    }
    let flush = DenormalFlushing.isEnabledOnCurrentThread
    withoutActuallyEscaping(body) { body in
      nonisolated(unsafe) let body = body
      DispatchQueue.concurrentPerform(iterations: chunks) { c in
        DenormalFlushing.withMode(flush: flush) { body(c) }
      }
    }
  }

  /// Splits `0..<count` into `parts` contiguous ranges of near-equal length.
  @inlinable
  public static func ranges(count: Int, parts: Int) -> [Range<Int>] {
    let parts = max(1, min(parts, count))
    return (0..<parts).map { p in (count * p / parts)..<(count * (p + 1) / parts) }
  }
}

/// Reads the processor count without Foundation.
@usableFromInline
enum ProcessInfoCores {
  @usableFromInline static let activeProcessorCount: Int = {
    #if canImport(Glibc)
      let n = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
      return n > 0 ? n : 1
    #else
      return 1
    #endif
  }()
}

#if canImport(Glibc)
  import Glibc
#endif
