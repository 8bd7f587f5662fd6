import Evaluation
import GraphData

/// Human-readable renderings of a ``GraphSummary`` for `convert` and `inspect`.
enum GraphText {
  /// `2708` → `2,708`.
  static func grouped(_ n: Int) -> String { NumberFormat.grouped(n) }

  /// A number with `decimals` digits after the point (the tool's one formatter, ``fixed(_:_:)``).
  static func decimal(_ x: Double, _ decimals: Int) -> String { fixed(x, decimals) }

  /// `2,708 nodes, 5,278 undirected edges, 1,433 features, 7 classes`.
  static func headline(_ s: GraphSummary) -> String {
    var parts = ["\(grouped(s.nodes)) nodes", "\(grouped(s.edges)) \(s.directed ? "directed" : "undirected") edges"]
    if let f = s.features { parts.append("\(grouped(f.dimension)) features") }
    if !s.classes.isEmpty { parts.append("\(grouped(s.classes.count)) classes") }
    if let i = s.interactions {
      parts.append("\(grouped(i.users)) users × \(grouped(i.items)) items, \(grouped(i.observed)) interactions")
    }
    if !s.splits.isEmpty { parts.append("splits: " + s.splits.map(\.name).joined(separator: ", ")) }
    return parts.joined(separator: ", ")
  }

  /// `train/val/test` sizes: `140/500/1,000`.
  static func sizes(_ split: GraphSummary.SplitStatistics) -> String {
    "\(grouped(split.train))/\(grouped(split.validation))/\(grouped(split.test))"
  }

  /// The full multi-line report of `graphkd inspect`.
  static func report(_ s: GraphSummary, file: String) -> String {
    var lines: [String] = []
    func row(_ label: String, _ value: String, indent: Int = 0) {
      let key = String(repeating: " ", count: indent) + label
      lines.append(key.padding(toLength: max(key.count + 1, 18), withPad: " ", startingAt: 0) + value)
    }
    lines.append("\(file): GraphKD graph, format version \(GraphSchema.version)")
    lines.append("\(s.name): \(headline(s))")
    lines.append("")
    row("nodes", grouped(s.nodes))
    let kind = s.directed ? "directed" : "undirected"
    row(
      "edges",
      "\(grouped(s.edges)) \(kind) (\(grouped(s.storedEntries)) stored entries, \(s.symmetric ? "symmetric" : "not symmetric"))"
    )
    row("directed", s.directed ? "yes" : "no")
    row("self loops", grouped(s.selfLoops))
    row("isolated nodes", grouped(s.isolatedNodes))
    let d = s.degree
    row(
      s.directed ? "out-degree" : "degree",
      "min \(d.min), median \(decimal(d.median, 1)), mean \(decimal(d.mean, 2)), max \(d.max)")
    if let i = s.inDegree {
      row("in-degree", "min \(i.min), median \(decimal(i.median, 1)), mean \(decimal(i.mean, 2)), max \(i.max)")
    }
    row("edge weights", s.weighted ? "yes" : "none (all 1)")
    if let f = s.features {
      row(
        "features",
        "\(grouped(f.dimension)) (\(f.layout), \(grouped(f.nonzeros)) non-zeros, density \(decimal(f.density * 100, 2))%)"
      )
    } else {
      row("features", "none")
    }
    row("labels", "\(grouped(s.labelledNodes)) labelled, \(grouped(s.unlabelledNodes)) unknown")
    if let h = s.edgeHomophily {
      row("homophily", "\(fixed(h, 2)) (share of edges between labelled nodes that join one class)")
    }
    row("classes", grouped(s.classes.count))
    let nameWidth = s.classes.map { ($0.name ?? "").count }.max() ?? 0
    for c in s.classes {
      let name = (c.name ?? "").padding(toLength: nameWidth, withPad: " ", startingAt: 0)
      lines.append("  \(String(c.id).padding(toLength: 4, withPad: " ", startingAt: 0))\(name)  \(grouped(c.count))")
    }
    if s.splits.isEmpty {
      row("splits", "none")
    } else {
      row("splits", "\(s.splits.count) (train/val/test; per-class counts of train | val | test)")
      for split in s.splits {
        var text = sizes(split)
        if let k = split.labelsPerClass, let seed = split.seed { text += "  (k = \(k), seed \(seed))" }
        row(split.name, text, indent: 2)
        let balance = [split.trainPerClass, split.validationPerClass, split.testPerClass]
          .map { $0.map(String.init).joined(separator: " ") }.joined(separator: " | ")
        lines.append("    per class: \(balance)")
      }
    }
    if s.softLabels.isEmpty {
      row("soft labels", "none")
    } else {
      row("soft labels", "\(s.softLabels.count) run(s)")
      for run in s.softLabels {
        var text =
          "\(run.method), created \(run.created), τ = \(decimal(run.temperature, 2)), seed \(run.seed), \(run.classes) classes"
        if let h = run.hiddenDimension { text += ", hidden \(h)" }
        row(run.name, text, indent: 2)
      }
    }
    if let i = s.interactions {
      let held = i.heldOut.sorted { $0.key < $1.key }.map { "\($0.key) \(grouped($0.value))" }.joined(separator: ", ")
      row(
        "interactions",
        "\(grouped(i.users)) users, \(grouped(i.items)) items, \(grouped(i.observed)) observed"
          + (held.isEmpty ? "" : "; held out: \(held)"))
    }
    return lines.joined(separator: "\n")
  }
}
