import ArgumentParser

/// `graphkd recommend`: BPR matrix factorisation and DE-RRD distillation on interaction data.
struct Recommend: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Recommendation: BPR-MF teachers and students, DE / RRD distillation, leave-one-out evaluation.",
    discussion: """
      Input: a file from `graphkd convert interactions` with held-out valid and test sets (one item per user).
      Example: graphkd recommend evaluate citeulike.h5 --seeds 5 --out derrd.json
      """,
    subcommands: [
      RecommendTrain.self, RecommendDistill.self, RecommendEvaluate.self, RecommendPredict.self, RecommendBench.self,
    ]
  )
}
