import ArgumentParser
import GNN
import GraphData

/// Training input for the commands that train on one split of a graph file: a configuration
/// problem (missing split, no labels) becomes a usage error that names the file.
func trainingData(_ graph: Graph, split: String, file: String) throws -> NodeClassificationData {
  do {
    return try NodeClassificationData(graph: graph, splitName: split)
  } catch let error as ConfigurationError {
    throw ValidationError("\(file): \(error)")
  }
}
