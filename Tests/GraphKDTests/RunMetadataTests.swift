import Foundation
import GraphKD
import Testing

/// Reports name the commit GraphKD was built from, recorded at build time by the BuildCommit
/// plugin, whatever directory the program runs in.
@Suite struct RunMetadataTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  @Test func theCommitIsTheBuildsNotTheWorkingDirectorys() throws {
    let commit = RunMetadata().gitCommit
    #expect(commit == RunMetadata.buildGitCommit)
    guard FileManager.default.fileExists(atPath: Self.repository.appendingPathComponent(".git").path) else {
      #expect(commit == "unknown")  // built from a tarball
      return
    }
    let sha = commit.hasSuffix("+modified") ? String(commit.dropLast("+modified".count)) : commit
    #expect(sha.count == 40 && sha.allSatisfy(\.isHexDigit), "\(commit)")
  }
}
