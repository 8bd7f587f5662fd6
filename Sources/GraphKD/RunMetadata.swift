import Foundation
import Tensors

/// What every report records beside its numbers: versions, the git commit, the machine, when.
public struct RunMetadata: Codable, Sendable, Equatable {
  /// GraphKD's version.
  public var graphkdVersion = GraphKDVersion.string
  /// The commit of the working directory (`unknown` outside a git checkout).
  public var gitCommit = RunMetadata.currentGitCommit()
  /// The OpenBLAS kernel in use.
  public var openBLASKernel = BLASRuntime.configuration.kernel
  /// Threads GraphKD's kernels use.
  public var threads = Parallelism.threadCount
  /// The operating system.
  public var operatingSystem = ProcessInfo.processInfo.operatingSystemVersionString
  /// When the run started (ISO 8601).
  public var created = ISO8601DateFormatter().string(from: Date())

  /// Records the metadata now.
  public init() {}

  /// `git rev-parse HEAD` of the working directory, or "unknown" outside a checkout.
  public static func currentGitCommit() -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git", "rev-parse", "HEAD"]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return "unknown" }
    p.waitUntilExit()
    let s = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return p.terminationStatus == 0 && !s.isEmpty ? s : "unknown"
  }
}

/// GraphKD's version, printed by `graphkd --version` and recorded in every report.
public enum GraphKDVersion {
  /// The semantic version.
  public static let string = "0.1.0"
}
