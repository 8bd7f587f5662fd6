import ArgumentParser
import Foundation
import GraphKD

extension ModelProvenance {
  /// Records the graph, the training commit and the reported metrics.
  mutating func record(
    graph: Graph, file: String, validationAccuracy: Double, testAccuracy: Double, testMacroF1: Double
  ) {
    let metadata = RunMetadata()
    graphFile = file
    graphName = graph.name
    nodeCount = graph.nodeCount
    self.validationAccuracy = validationAccuracy
    self.testAccuracy = testAccuracy
    self.testMacroF1 = testMacroF1
    graphkdVersion = metadata.graphkdVersion
    gitCommit = metadata.gitCommit
    created = metadata.created
  }
}

/// Where `--save-model PATH` puts seed `seed`'s model: PATH itself for a single seed, otherwise
/// PATH with `-seed<S>` before its extension (`mlp.h5` → `mlp-seed3.h5`).
func modelPath(_ path: String, seed: UInt64, seeds: Int) -> String {
  guard seeds > 1 else { return path }
  let url = URL(fileURLWithPath: path)
  let ext = url.pathExtension
  let stem = ext.isEmpty ? path : String(path.dropLast(ext.count + 1))
  return "\(stem)-seed\(seed)" + (ext.isEmpty ? "" : ".\(ext)")
}

/// Checks before any training that `--save-model PATH` can be written: its directory exists and
/// it is not a directory itself.
func validateModelOutput(_ path: String?) throws {
  guard let path else { return }
  var isDirectory: ObjCBool = false
  if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
    throw ValidationError("--save-model \(path): expected a file path, but it is a directory.")
  }
  let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
  guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
    throw ValidationError("--save-model \(path): the directory \(directory) does not exist.")
  }
}
