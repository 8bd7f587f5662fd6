import Foundation

/// Peak resident memory of this process, from Linux's `/proc/self/status`.
enum MemoryProbe {
  /// Resets the peak (VmHWM) to the current resident size; returns false where unsupported.
  @discardableResult
  static func resetPeak() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    return (try? handle.write(contentsOf: Data("5".utf8))) != nil
  }

  /// Peak resident bytes since start or the last ``resetPeak()`` (VmHWM).
  static var peakBytes: Int { field("VmHWM") }

  /// Current resident bytes (VmRSS).
  static var residentBytes: Int { field("VmRSS") }

  private static func field(_ name: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
      let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
      return kb * 1024
    }
    return 0
  }
}
