import CMalloc

#if canImport(Glibc)
  import Glibc
#endif

/// Keeps large freed buffers in the process for reuse instead of returning them to the
/// operating system after every operation.
///
/// Tensors are immutable values, so every operation allocates its result, and a training epoch
/// on a large graph allocates and frees many buffers of tens of megabytes. With glibc's default
/// settings each of those is a fresh `mmap`, whose pages fault in on first touch and are unmapped
/// on free — on a 100,000-node graph that doubled the epoch time. GraphKD therefore raises
/// glibc's thresholds once, before its first kernel runs (as PyTorch's caching allocator keeps
/// freed blocks):
///
/// | `mallopt` setting | value |
/// | --- | --- |
/// | `M_MMAP_THRESHOLD` | 32 MiB (glibc's maximum): smaller blocks come from the heap |
/// | `M_TRIM_THRESHOLD` | 1 GiB: free heap memory is kept up to this much |
/// | `M_TOP_PAD` | 64 MiB: the heap grows in large steps |
///
/// Set `GRAPHKD_ALLOCATOR_TUNING=0`, or ``GraphKDRuntime/Settings/tunesAllocator`` to `false`
/// before the first computation, to keep glibc's defaults.
public enum AllocatorTuning {
  /// Whether the settings were applied.
  public static let isApplied: Bool = apply()

  /// Applies the settings once; cheap after the first call.
  @inlinable
  public static func ensureApplied() { _ = isApplied }

  private static func apply() -> Bool {
    #if canImport(Glibc)
      guard GraphKDRuntime.freeze().tunesAllocator else { return false }
      return graphkd_tune_malloc(32 << 20, 1 << 30, 64 << 20) == 1
    #else
      _ = GraphKDRuntime.freeze()
      return false
    #endif
  }
}
