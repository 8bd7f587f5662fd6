import ArgumentParser
import Foundation
import GraphData

/// `graphkd convert interactions (--users-dat users.dat | --train train.tsv [--valid …] [--test …])`.
struct ConvertInteractions: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "interactions",
    abstract: "Convert user → item interactions (users.dat lists, or user<TAB>item pair files).",
    discussion: """
      --users-dat: line u lists user u's items as 'count item item ...' (CiteULike). --train with \
      optional --valid and --test: 'user<TAB>item' pair files with an optional header (the DE-RRD split). \
      The graph is the bipartite user–item graph of the observed (training) interactions; held-out \
      sets are stored under /interactions/held_out/. User and item ids (--ids): dense 0-based integers \
      are indices; any other ids are numbered 0..<N (integers ascending, names in order of first \
      appearance) and kept as /node_names (users, then items).
      """
  )

  @Option(help: "A users.dat file: 'count item item ...' per user.")
  var usersDat: String?

  @Option(help: "Observed (training) user<TAB>item pairs.")
  var train: String?

  @Option(help: "Held-out validation pairs.")
  var valid: String?

  @Option(help: "Held-out test pairs.")
  var test: String?

  @Option(help: "The number of users (default: the largest user id + 1).")
  var users: Int?

  @Option(help: "The number of items (default: the largest item id + 1).")
  var items: Int?

  @Option(help: "User and item ids: auto (indices when dense 0-based integers, else mapped), integer or string.")
  var ids = NodeIdentifiers.auto

  @Option(help: "Hold out one validation and one test item per user (≥ 3 items), drawn with this seed.")
  var leaveOneOutSeed: UInt64?

  @OptionGroup var output: ConvertOutputOptions

  var primary: String { usersDat ?? train ?? "interactions" }

  var stem: String { URL(fileURLWithPath: primary).deletingLastPathComponent().standardized.lastPathComponent }

  func validate() throws {
    switch (usersDat, train) {
    case (nil, nil):
      throw ValidationError("Give the interactions: --users-dat FILE, or --train FILE [--valid FILE] [--test FILE].")
    case (.some, .some): throw ValidationError("Give either --users-dat or --train, not both.")
    case (.some, nil) where valid != nil || test != nil:
      throw ValidationError("--valid and --test go with --train (pair files), not with --users-dat.")
    default: break
    }
    if let users, users < 0 { throw ValidationError("--users must be ≥ 0.") }
    if let items, items < 0 { throw ValidationError("--items must be ≥ 0.") }
    try output.validate(defaultStem: stem)
  }

  func run() throws {
    let source: InteractionsImporter.Source
    if let usersDat {
      source = .userLists(URL(fileURLWithPath: usersDat))
    } else {
      var held: [(name: String, url: URL)] = []
      if let valid { held.append(("valid", URL(fileURLWithPath: valid))) }
      if let test { held.append(("test", URL(fileURLWithPath: test))) }
      source = .pairs(observed: URL(fileURLWithPath: train!), heldOut: held)
    }
    var importer = InteractionsImporter(
      source: source, userCount: users, itemCount: items, leaveOneOutSeed: leaveOneOutSeed)
    importer.ids = ids
    try output.convert(importer, defaultStem: stem)
  }
}
