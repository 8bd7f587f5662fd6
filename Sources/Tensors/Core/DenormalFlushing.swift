import CFloatingPoint

/// Flush-to-zero for denormal floats (magnitudes below `Float.leastNormalMagnitude`,
/// 1.18 × 10⁻³⁸): the hardware mode in which such results and inputs count as 0.
///
/// On x86 every arithmetic operation that meets a denormal takes a microcode assist 10–100×
/// slower than the normal path, and a GEMM fed with many of them slows down by as much. Very
/// sharp softmaxes produce them — the selection network and the annealed Gumbel-softmax of
/// Distillation Experts do after a dozen epochs, which made a DE+RRD epoch on CiteULike 9× slower.
/// Flushing changes only values that are below 10⁻³⁸ anyway (TensorFlow does the same on CPU).
///
/// The mode belongs to a thread. ``withFlushedDenormals(_:)`` sets it on the calling thread for
/// the duration of a closure, and ``Parallelism/forEach(chunks:threads:_:)`` carries the caller's
/// mode to the threads that run its chunks, so GraphKD's multi-threaded kernels follow it too.
/// OpenBLAS runs single-threaded inside those chunks (see ``Parallelism``), on the same threads.
public enum DenormalFlushing {
  /// Whether the calling thread flushes denormals to zero (always `false` on platforms
  /// without such a mode).
  public static var isEnabledOnCurrentThread: Bool { graphkd_flushes_denormals() != 0 }

  /// Runs `body` with denormals flushed to zero on the calling thread (and in the parallel
  /// kernels it starts), then restores the thread's previous mode.
  public static func withFlushedDenormals<T>(_ body: () throws -> T) rethrows -> T {
    try withMode(flush: true, body)
  }

  /// Runs `body` with the calling thread's mode set to `flush`, then restores the previous one.
  @usableFromInline
  static func withMode<T>(flush: Bool, _ body: () throws -> T) rethrows -> T {
    let previous = graphkd_set_flushes_denormals(flush ? 1 : 0)
    defer { graphkd_set_flushes_denormals(previous) }
    return try body()
  }
}
