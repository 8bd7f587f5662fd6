import GNN
import Tensors
import Testing

@testable import Distillation

/// Backbone selection chooses message passing where neighbours share a class and the graph-free
/// MLP where they do not, never prefers a candidate no better than chance, and hands its trained
/// model to the validation guard so that the guard need not train it again.
@Suite struct BackboneSelectionTests {
  /// A planted-partition graph on which neighbours share a class with probability `homophily`
  /// (about 12 neighbours per node) and every feature carries a weak class signal.
  static func data(homophily: Double, seed: UInt64 = 11) throws -> NodeClassificationData {
    var g = Xoshiro256StarStar(seed: seed)
    let (n, c, f) = (150, 3, 12)
    let labels = (0..<n).map { $0 % c }
    // Same-class pairs are a third of all pairs: p_same/3 ÷ (p_same/3 + 2·p_diff/3) = homophily.
    let pSame = 0.24 * homophily
    let pDiff = 0.12 * (1 - homophily)
    var rows: [Int32] = []
    var cols: [Int32] = []
    for i in 0..<n {
      for j in (i + 1)..<n where Double(g.nextFloat()) < (labels[i] == labels[j] ? pSame : pDiff) {
        rows += [Int32(i), Int32(j)]
        cols += [Int32(j), Int32(i)]
      }
    }
    var x = Tensor(zeros: [n, f])
    for i in 0..<n {
      for j in 0..<f { x[i, j] = 0.8 * g.nextNormal() + (j % c == labels[i] ? 0.6 : 0) }
    }
    let ids = Array(0..<n)
    return try NodeClassificationData(
      features: .dense(Variable(x)), labels: labels,
      graph: GraphStructure(adjacency: CSRMatrix(rowCount: n, columnCount: n, rows: rows, columns: cols, values: nil)),
      classCount: c, trainNodes: Array(ids.prefix(30)), validationNodes: Array(ids[30..<75]),
      testNodes: Array(ids[75...]))
  }

  static let selection = BackboneSelection(candidates: [.mlp, .gcn], epochs: 60)

  @Test func choosesMessagePassingOnHomophilyAndTheMLPOnHeterophily() throws {
    let homophilous = try Self.selection.select(on: Self.data(homophily: 0.9), seed: 3)
    #expect(homophilous.chosen == .gcn, "\(homophilous.summary)")
    let heterophilous = try Self.selection.select(on: Self.data(homophily: 0.1), seed: 3)
    #expect(heterophilous.chosen == .mlp, "\(heterophilous.summary)")
    for outcome in [homophilous, heterophilous] {
      #expect(outcome.candidates.map(\.architecture) == [.mlp, .gcn])
      #expect(outcome.candidates.filter(\.chosen).count == 1)
      let kept = try #require(outcome.candidates.first { $0.chosen })
      // The one-standard-error rule: the first candidate within one standard error of the lowest.
      let lowest = try #require(outcome.candidates.min { $0.validationLoss < $1.validationLoss })
      #expect(lowest.lossGap == 0 && lowest.lossGapStandardError == 0)
      let first = outcome.candidates.first { $0.lossGap! <= $0.lossGapStandardError! }
      #expect(first?.architecture == kept.architecture)
      #expect(outcome.summary.hasPrefix("\(kept.architecture.rawValue) (validation loss"))
    }
  }

  @Test func theSameSeedMakesTheSameChoice() throws {
    let data = try Self.data(homophily: 0.5)
    let a = try Self.selection.select(on: data, seed: 9)
    let b = try Self.selection.select(on: data, seed: 9)
    #expect(a.candidates.map(\.validationLoss) == b.candidates.map(\.validationLoss))
    #expect(a.chosen == b.chosen)
  }

  @Test func theGuardReusesTheSelectedBackboneExactly() throws {
    let data = try Self.data(homophily: 0.9)
    let outcome = try Self.selection.select(on: data, seed: 4)
    var sd = SelfDistillationConfiguration.standard
    sd.epochs = 30
    var training = TrainingConfiguration.standard(outcome.chosen)
    training.epochs = 60
    let trainer = SelfDistillationTrainer(
      model: .standard(outcome.chosen), training: training, selfDistillation: sd)
    var plainEpochs = 0
    let reused = try trainer.train(on: data, seed: 4, reusing: outcome.plainBackbone) { e in
      if e.generation == 0 { plainEpochs += 1 }
      return true
    }
    #expect(plainEpochs == 0, "the plain candidate was trained again")
    let trained = try trainer.train(on: data, seed: 4)
    #expect(reused.selection == trained.selection)
    #expect(reused.probabilities == trained.probabilities)
    let plain = try #require(reused.selection.first { $0.candidate == "plain" })
    let chosen = try #require(outcome.candidates.first { $0.chosen })
    #expect(abs(plain.validationLoss - chosen.validationLoss) < 1e-12)
    // A plain backbone trained with another seed is not taken for this one.
    var otherEpochs = 0
    _ = try trainer.train(on: data, seed: 5, reusing: outcome.plainBackbone) { e in
      if e.generation == 0 { otherEpochs += 1 }
      return true
    }
    #expect(otherEpochs > 0)
  }

  /// A plain run (as `graphkd evaluate`'s plain variant) hands its model to a guarded run of the
  /// same split and seed, which then gives exactly what it gives when it trains the plain itself.
  @Test func aPlainRunIsTheGuardsPlainCandidate() throws {
    let data = try Self.data(homophily: 0.9)
    var training = TrainingConfiguration.standard(.gcn)
    training.epochs = 60
    let plain = try SelfDistillationTrainer(model: .standard(.gcn), training: training, selfDistillation: .plain)
      .train(on: data, seed: 6)
    let backbone = try #require(plain.plainBackbone)
    var sd = SelfDistillationConfiguration.standard
    sd.epochs = 30
    let trainer = SelfDistillationTrainer(model: .standard(.gcn), training: training, selfDistillation: sd)
    var plainEpochs = 0
    let reused = try trainer.train(on: data, seed: 6, reusing: backbone) { e in
      if e.generation == 0 { plainEpochs += 1 }
      return true
    }
    #expect(plainEpochs == 0, "the plain candidate was trained again")
    let trained = try trainer.train(on: data, seed: 6)
    #expect(reused.selection == trained.selection)
    #expect(reused.probabilities == trained.probabilities)
    #expect(reused.plainBackbone == nil && trained.plainBackbone == nil)  // only a plain run offers one
  }

  @Test func aCostlierBackboneMustWinByMoreThanOneStandardError() throws {
    // The paired gap and its standard error: differences 0.1, 0.3 → mean 0.2, sd 0.1414, se 0.1.
    let (gap, se) = BackboneSelection.pairedGap([1.1, 1.3], [1.0, 1.0])
    #expect(abs(gap - 0.2) < 1e-12 && abs(se - 0.1) < 1e-12)
    #expect(BackboneSelection.pairedGap([0.5], [0.2]).standardError == 0)
    // On a graph where message passing helps only a little, the preferred MLP is kept unless the
    // GCN is clearly better; the recorded evidence says which.
    let outcome = try BackboneSelection(candidates: [.mlp, .gcn], epochs: 60).select(
      on: Self.data(homophily: 0.45), seed: 2)
    let (mlp, gcn) = (outcome.candidates[0], outcome.candidates[1])
    if mlp.chosen {
      #expect(mlp.lossGap! <= mlp.lossGapStandardError!)
    } else {
      #expect(gcn.chosen && mlp.lossGap! > mlp.lossGapStandardError!)
    }
  }

  @Test func predictingOneClassIsDegenerateAndGoodPredictionsAreNot() {
    let labels = (0..<60).map { $0 % 3 }
    let rows = Array(0..<60)
    func macroF1(_ predictions: [Int]) -> Double {
      ClassificationMetrics.macroF1(predictions: predictions, labels: labels, rows: rows, classCount: 3)
    }
    let oneClass = macroF1(Array(repeating: 1, count: 60))
    #expect(BackboneSelection.isDegenerate(macroF1: oneClass, labels: labels, rows: rows))
    #expect(!BackboneSelection.isDegenerate(macroF1: macroF1(labels), labels: labels, rows: rows))
    // Two of three thirds right is far better than chance.
    let mostly = labels.enumerated().map { $0.offset % 3 == 2 ? 0 : $0.element }
    #expect(!BackboneSelection.isDegenerate(macroF1: macroF1(mostly), labels: labels, rows: rows))
    // With one class among the labels there is no chance level to fall below.
    #expect(!BackboneSelection.isDegenerate(macroF1: 0, labels: [0, 0, 0], rows: [0, 1, 2]))
  }

  @Test func aChanceWarningNamesTheProblem() throws {
    let data = try Self.data(homophily: 0.5)
    var oneClass = Tensor(zeros: [150, 3])
    for i in 0..<150 { oneClass[i, 2] = 1 }
    let warning = try #require(BackboneSelection.chanceWarning(probabilities: oneClass, data: data))
    #expect(warning.contains("no better than chance") && warning.contains("1 of 3 classes predicted"), "\(warning)")
    var right = Tensor(zeros: [150, 3])
    for (i, y) in data.labels.enumerated() { right[i, y] = 1 }
    #expect(BackboneSelection.chanceWarning(probabilities: right, data: data) == nil)
  }

  @Test func badCandidateListsAreRefusedBeforeTraining() throws {
    let data = try Self.data(homophily: 0.5)
    #expect(throws: ConfigurationError.self) { try BackboneSelection(candidates: []).select(on: data, seed: 0) }
    #expect(throws: ConfigurationError.self) {
      try BackboneSelection(candidates: [.gcn, .gcn]).select(on: data, seed: 0)
    }
  }
}
