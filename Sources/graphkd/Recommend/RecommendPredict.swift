import ArgumentParser
import Foundation
import GraphKD
import Recommendation

/// `graphkd recommend predict`: a saved recommender's top items for users.
struct RecommendPredict: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "predict",
    abstract: "List a saved recommender's top items for users (from `recommend distill --save-model`).",
    discussion: """
      Ranks every item a user did not interact with in training (its validation item excluded \
      too: exactly the lists the full-ranking evaluation scores) and prints the best --top, one \
      line per user: `user<TAB>item item …`, best first.

      Example: graphkd recommend predict student.h5 citeulike.h5 --users 0,1,2 --top 10
      """)

  @Argument(help: "The model file (HDF5, GraphKD model schema, kind matrix_factorization).")
  var model: String

  @Argument(help: "The interaction dataset the model was trained on (from `graphkd convert interactions`).")
  var file: String

  @Option(help: "Users: all, or comma-separated user ids.")
  var users = "all"

  @Option(help: "Items per user.")
  var top = 10

  @Flag(help: "Print the lists as JSON ({\"user\": [items]}) on standard output.")
  var json = false

  func validate() throws {
    for path in [model, file] where !FileManager.default.fileExists(atPath: path) {
      throw ValidationError("\(path): no such file.")
    }
    guard top >= 1 else { throw ValidationError("--top must be at least 1.") }
    if users != "all" && IntegerList(argument: users) == nil {
      throw ValidationError("--users: expected all or comma-separated user ids, but got '\(users)'.")
    }
  }

  func run() throws {
    let trained = try TrainedRecommender(contentsOf: URL(fileURLWithPath: model))
    let data = try RecommendationData(graph: HDF5GraphStore.read(from: URL(fileURLWithPath: file)), file: file)
    let selected = users == "all" ? Array(0..<data.userCount) : IntegerList(argument: users)!.values
    if let bad = selected.first(where: { $0 < 0 || $0 >= data.userCount }) {
      throw ValidationError("--users: expected user ids in 0..<\(data.userCount), but got \(bad).")
    }
    let lists = try trained.recommendations(on: data, length: min(top, data.itemCount), file: file)
    if json {
      try printJSON(Dictionary(uniqueKeysWithValues: selected.map { ("\($0)", lists[$0].map(Int.init)) }))
    } else {
      for u in selected { print("\(u)\t" + lists[u].map(String.init).joined(separator: " ")) }
    }
  }
}
