import CMalloc
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Resident memory of this process: the current size and the peak, from Linux's
/// `/proc/self/status` (`VmRSS`, `VmHWM`), with `getrusage`'s `ru_maxrss` as the fallback for
/// the peak where `/proc` is unavailable.
///
/// The peak can be reset to the current resident size (writing `5` to `/proc/self/clear_refs`),
/// so a measurement can hold one piece of work and nothing that ran before it.
///
/// ```swift
/// MemoryProbe.resetPeak()
/// let before = MemoryProbe.residentBytes
/// try work()
/// let used = MemoryProbe.peakBytes - before
/// ```
public enum MemoryProbe {
  /// Resets the peak (`VmHWM`) to the current resident size.
  /// - Returns: `false` where the system does not support it (then ``peakBytes`` is the peak
  ///   since the process started).
  @discardableResult
  public static func resetPeak() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    return (try? handle.write(contentsOf: Data("5".utf8))) != nil
  }

  /// Peak resident bytes since the process started or the last ``resetPeak()`` (`VmHWM`; where
  /// `/proc` is unavailable, `getrusage`'s `ru_maxrss`, which cannot be reset); 0 when neither
  /// is available.
  public static var peakBytes: Int {
    let fromProc = field("VmHWM")
    return fromProc > 0 ? fromProc : resourceUsagePeakBytes
  }

  /// Current resident bytes (`VmRSS`); 0 where `/proc` is unavailable.
  public static var residentBytes: Int { field("VmRSS") }

  /// Returns memory that the C allocator holds free back to the operating system
  /// (`malloc_trim(0)`), so that a following measurement counts the pages its work touches
  /// rather than pages freed earlier and kept for reuse (GraphKD keeps large freed buffers;
  /// see `AllocatorTuning`).
  /// - Returns: `false` where the C library has no `malloc_trim`.
  @discardableResult
  public static func releaseFreeMemory() -> Bool {
    #if canImport(Glibc)
      _ = malloc_trim(0)
      return true
    #else
      return false
    #endif
  }

  private static var resourceUsagePeakBytes: Int {
    #if canImport(Glibc)
      var usage = rusage()
      guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
      return Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
    #else
      return 0
    #endif
  }

  private static func field(_ name: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
      let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
      return kb * 1024
    }
    return 0
  }
}
