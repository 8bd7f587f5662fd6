import Foundation
import Tensors

/// What every report records beside its numbers: versions, the git commit, the machine, when.
public struct RunMetadata: Codable, Sendable, Equatable {
  /// GraphKD's version.
  public var graphkdVersion = GraphKDVersion.string
  /// The commit GraphKD was built from (`<sha>+modified` when its sources differed from it,
  /// `unknown` when it was built outside a git checkout), recorded at build time.
  public var gitCommit = RunMetadata.buildGitCommit
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

  /// The commit this build of GraphKD was made from (see ``gitCommit``).
  public static let buildGitCommit = buildCommit
}

/// GraphKD's version, printed by `graphkd --version` and recorded in every report.
public enum GraphKDVersion {
  /// The semantic version.
  public static let string = "0.1.0"
}
