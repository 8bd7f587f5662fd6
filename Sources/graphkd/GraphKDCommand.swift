import ArgumentParser
import GraphKD

/// The `graphkd` command-line tool.
@main
struct GraphKDCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graphkd",
    abstract: "Label-scarce learning on graphs with knowledge distillation.",
    discussion: """
      Loads graphs from HDF5, trains self-distilled teachers when labels are scarce, compresses
      them into small GNN or MLP students, and measures accuracy and cost.
      """,
    version: GraphKDVersion.string,
    subcommands: [
      Convert.self, Inspect.self, SplitCommand.self, Train.self, SelfDistill.self, Distill.self, Evaluate.self,
      Run.self, Predict.self, Export.self, Generate.self,
      Recommend.self,
      Bench.self,
    ]
  )
}
