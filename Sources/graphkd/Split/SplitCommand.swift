import ArgumentParser
import Evaluation
import Foundation
import GraphData

/// `graphkd split FILE.h5 --labels-per-class K --val N --seeds 0..9`.
struct SplitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "split",
    abstract: "Add seeded, class-balanced label-scarce splits /splits/k{K}_seed{S} to a graph file.",
    discussion: """
      For each seed: K labelled training nodes per class and N validation nodes are drawn (xoshiro256**, \
      the same on every machine) from the labelled nodes outside the test set. The test set is the \
      --test-split split's test set when the file has it (Planetoid's 'public'), so accuracies stay \
      comparable; otherwise all remaining labelled nodes. The file is changed crash-safely (copy, add, \
      rename); existing splits of the same name are replaced only with --force.
      """
  )

  @Argument(help: "The GraphKD HDF5 file to add splits to.")
  var file: String

  @Option(help: "Labelled training nodes per class (K).")
  var labelsPerClass: Int

  @Option(name: .customLong("val"), help: "Validation nodes (N).")
  var validation = 500

  @Option(help: "Seeds: a range such as 0..9 (inclusive), a list 1,2,3, or one number.")
  var seeds = SeedList(argument: "0")!

  @Option(help: "The split whose test set is kept.")
  var testSplit = GraphSchema.publicSplit

  @Flag(help: "Replace existing splits with the same names.")
  var force = false

  func validate() throws {
    guard labelsPerClass >= 1 else { throw ValidationError("--labels-per-class must be at least 1 (e.g. 5).") }
    guard validation >= 0 else { throw ValidationError("--val must be ≥ 0 (e.g. 500).") }
    guard FileManager.default.fileExists(atPath: file) else {
      throw ValidationError("\(file) does not exist; make one with `graphkd convert`.")
    }
  }

  func run() throws {
    let url = URL(fileURLWithPath: file)
    let graph = try HDF5GraphStore.read(from: url)
    let splitter = LabelsPerClassSplitter(
      labelsPerClass: labelsPerClass, validationSize: validation, testSplit: testSplit)
    var made: [String: Split] = [:]
    var order: [String] = []
    for seed in seeds.seeds {
      let name = GraphSchema.labelScarceSplitName(labelsPerClass: labelsPerClass, seed: seed)
      made[name] = try GraphDataError.attributing(to: file) { try splitter.split(graph, seed: seed) }
      order.append(name)
    }
    try HDF5GraphStore.writeSplits(made, to: url, replacing: force)
    let test = graph.splits[testSplit] != nil ? "test set of '\(testSplit)'" : "test = remaining labelled nodes"
    print("added \(order.count) split(s) to \(file) (\(test)):")
    for name in order {
      let s = made[name]!
      print(
        "  \(name)  \(GraphText.grouped(s.train.count))/\(GraphText.grouped(s.validation.count))/\(GraphText.grouped(s.test.count))"
      )
    }
  }
}
