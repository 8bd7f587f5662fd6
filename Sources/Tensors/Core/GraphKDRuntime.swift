import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The process-wide changes GraphKD makes before its first kernel runs, in one place: what they
/// are, whether they will be made, and what they did. An embedding program reads them here and
/// may turn any of them off — before its first GraphKD computation; afterwards they are fixed.
///
/// | setting | what GraphKD does | default |
/// | --- | --- | --- |
/// | ``Settings/tunesAllocator`` | raises glibc's `mallopt` thresholds so large freed buffers are reused (``AllocatorTuning``) | on, unless `GRAPHKD_ALLOCATOR_TUNING=0` |
/// | ``Settings/selectsBLASKernel`` | makes OpenBLAS re-select its compute kernel for this CPU (``BLASRuntime``) | on, unless `GRAPHKD_OPENBLAS_AUTOSELECT=0` or `OPENBLAS_CORETYPE` is set |
/// | ``Settings/singleThreadedBLAS`` | sets OpenBLAS to one thread (GraphKD splits products over its own threads) | on |
///
/// ```swift
/// GraphKDRuntime.settings.tunesAllocator = false   // keep glibc's defaults in this process
/// // … first GraphKD computation …
/// print(GraphKDRuntime.applied)                     // what was done
/// ```
public enum GraphKDRuntime {
  /// Which process-wide changes GraphKD makes.
  public struct Settings: Sendable, Equatable {
    /// Raise glibc's allocator thresholds (``AllocatorTuning``).
    public var tunesAllocator: Bool
    /// Re-select OpenBLAS's kernel for this CPU (``BLASRuntime``).
    public var selectsBLASKernel: Bool
    /// Set OpenBLAS to one thread.
    public var singleThreadedBLAS: Bool

    /// Creates settings (all on by default).
    public init(tunesAllocator: Bool = true, selectsBLASKernel: Bool = true, singleThreadedBLAS: Bool = true) {
      self.tunesAllocator = tunesAllocator
      self.selectsBLASKernel = selectsBLASKernel
      self.singleThreadedBLAS = singleThreadedBLAS
    }

    /// The defaults with the environment's overrides (`GRAPHKD_ALLOCATOR_TUNING=0`,
    /// `GRAPHKD_OPENBLAS_AUTOSELECT=0`).
    public static var fromEnvironment: Settings {
      Settings(
        tunesAllocator: environment("GRAPHKD_ALLOCATOR_TUNING") != "0",
        selectsBLASKernel: environment("GRAPHKD_OPENBLAS_AUTOSELECT") != "0")
    }
  }

  /// What was done, once GraphKD's first kernel has run.
  public struct Applied: Sendable, Equatable {
    /// The settings in force at that moment.
    public var settings: Settings
    /// Whether glibc accepted the allocator thresholds.
    public var allocatorTuned: Bool
    /// OpenBLAS's kernel before and after, and why.
    public var blas: BLASRuntime.Configuration
  }

  private static let state = Mutex<(settings: Settings, frozen: Bool)>((Settings.fromEnvironment, false))

  /// The changes GraphKD will make. Setting them after the first GraphKD computation has no
  /// effect (``applied`` says what was done).
  public static var settings: Settings {
    get { state.withLock { $0.settings } }
    set { state.withLock { if !$0.frozen { $0.settings = newValue } } }
  }

  /// Whether the settings are fixed because GraphKD has started computing.
  public static var isFrozen: Bool { state.withLock { $0.frozen } }

  /// What was done, or `nil` before GraphKD's first kernel has run.
  public static var applied: Applied? {
    guard isFrozen else { return nil }
    return Applied(
      settings: settings, allocatorTuned: AllocatorTuning.isApplied, blas: BLASRuntime.configuration)
  }

  /// Fixes the settings (on the first kernel call) and returns them.
  static func freeze() -> Settings {
    state.withLock {
      $0.frozen = true
      return $0.settings
    }
  }

  static func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }
}
