import CBLAS

/// Makes OpenBLAS use the fastest compute kernel for this CPU, without the user setting
/// anything.
///
/// Debian's OpenBLAS 0.3.21 is a DYNAMIC_ARCH build that picks its kernel when the library
/// loads, reading `OPENBLAS_CORETYPE` at that moment. On CPUs it does not know (recent AVX-512
/// parts) it falls back to an older, slower kernel, and setting the variable from Swift is too
/// late. Before the first BLAS call GraphKD therefore checks the CPU itself (CPUID and the
/// operating system's saved-state mask) and, when the running kernel is not the best one the CPU
/// supports, asks OpenBLAS to select again:
///
/// | CPU supports | kernel chosen |
/// | --- | --- |
/// | AVX-512 F/CD/BW/DQ/VL | `SkylakeX` |
/// | AVX2 + FMA | `Haswell` |
/// | less | OpenBLAS's own choice, untouched |
///
/// OpenBLAS is also set to one thread: GraphKD parallelises GEMM itself, over the same threads
/// as its sparse kernels.
///
/// Set `OPENBLAS_CORETYPE` yourself to force a kernel (it is then left alone), or
/// `GRAPHKD_OPENBLAS_AUTOSELECT=0` (``GraphKDRuntime/Settings/selectsBLASKernel``) to keep
/// OpenBLAS's own choice.
public enum BLASRuntime {
  /// What happened at configuration time.
  public struct Configuration: Sendable, Equatable {
    /// OpenBLAS's kernel before GraphKD looked.
    public var initialKernel: String
    /// The kernel in use now.
    public var kernel: String
    /// Why it is the one in use.
    public var reason: String
  }

  /// The configuration, computed once, before the first BLAS call.
  public static let configuration: Configuration = configure()

  /// Ensures ``configuration`` has been computed; cheap after the first call.
  @inlinable
  public static func ensureConfigured() { _ = configuration }

  static let fastKernels: Set<String> = [
    "SkylakeX", "Cooperlake", "SapphireRapids", "Haswell", "Zen",
  ]
  static let avx512Kernels: Set<String> = ["SkylakeX", "Cooperlake", "SapphireRapids"]

  /// The kernel GraphKD switches to, or `nil` to keep `current`: `SkylakeX` on an AVX-512 CPU
  /// unless an AVX-512 kernel already runs; `Haswell` on an AVX2 + FMA CPU unless a kernel at
  /// least that fast already runs; otherwise nothing.
  public static func preferredKernel(current: String, hasAVX512: Bool, hasAVX2FMA: Bool) -> String? {
    if hasAVX512 { return avx512Kernels.contains(current) ? nil : "SkylakeX" }
    if hasAVX2FMA { return fastKernels.contains(current) ? nil : "Haswell" }
    return nil
  }

  /// The kernel OpenBLAS uses at this moment.
  public static var currentKernel: String { String(cString: graphkd_openblas_corename()) }

  /// Switches OpenBLAS to `kernel` (an `OPENBLAS_CORETYPE` name such as `"Haswell"`) now.
  ///
  /// Call it before any BLAS work is under way (e.g. first thing in a benchmark): OpenBLAS's
  /// kernel table must not change during a call. Returns whether OpenBLAS now reports `kernel`.
  @discardableResult
  public static func select(kernel: String) -> Bool {
    ensureConfigured()
    guard graphkd_openblas_reselect_kernel(kernel) != 0 else { return false }
    return currentKernel.lowercased() == kernel.lowercased()
  }

  private static func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }

  private static func configure() -> Configuration {
    AllocatorTuning.ensureApplied()
    let settings = GraphKDRuntime.freeze()
    // GraphKD splits large products over its own threads (see `GEMMProblem`); OpenBLAS's
    // worker threads would spin between calls and steal the cores from the other kernels.
    if settings.singleThreadedBLAS { openblas_set_num_threads(1) }
    let initial = String(cString: graphkd_openblas_corename())
    if let forced = environment("OPENBLAS_CORETYPE") {
      return Configuration(
        initialKernel: initial, kernel: initial, reason: "OPENBLAS_CORETYPE=\(forced) set by the user")
    }
    guard settings.selectsBLASKernel else {
      return Configuration(
        initialKernel: initial, kernel: initial,
        reason: "kernel selection turned off (GRAPHKD_OPENBLAS_AUTOSELECT=0 or GraphKDRuntime): OpenBLAS's own choice")
    }
    let wanted = preferredKernel(
      current: initial, hasAVX512: graphkd_cpu_has_avx512() != 0, hasAVX2FMA: graphkd_cpu_has_avx2_fma() != 0)
    guard let wanted else {
      return Configuration(
        initialKernel: initial, kernel: initial, reason: "OpenBLAS's own choice is the best this CPU supports")
    }
    guard graphkd_openblas_reselect_kernel(wanted) != 0 else {
      return Configuration(
        initialKernel: initial, kernel: initial,
        reason: "this OpenBLAS cannot re-select its kernel (not a DYNAMIC_ARCH build)")
    }
    let now = String(cString: graphkd_openblas_corename())
    return Configuration(
      initialKernel: initial, kernel: now, reason: "selected \(wanted) for this CPU's instruction set")
  }
}

#if canImport(Glibc)
  import Glibc
#endif
