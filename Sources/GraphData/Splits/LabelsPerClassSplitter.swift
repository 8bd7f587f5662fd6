import Tensors

/// Makes seeded, class-balanced, label-scarce node splits: `k` labelled training nodes per
/// class, `validationSize` validation nodes, and a test set that stays fixed across seeds.
///
/// This is the protocol of the label-scarcity studies GraphKD reproduces (e.g. Sun et al.,
/// "Multi-stage self-supervised learning for graph convolutional networks", AAAI 2020; Li et al.,
/// "Deeper insights into GCNs", AAAI 2018): training on 1, 2, 3, 5, 10 or 20 labels per class.
///
/// For each seed (a ``Xoshiro256StarStar`` stream, so the split is the same on every machine):
/// 1. Test set: the `testSplit` split's test nodes when the graph has that split (Planetoid's
///    `public` 1,000 on Cora), so accuracies stay comparable with the literature; otherwise every
///    labelled node not drawn for training or validation.
/// 2. Training: per class (in class-id order), the class's labelled non-test nodes are shuffled
///    and the first `labelsPerClass` taken.
/// 3. Validation: the remaining labelled non-test nodes are shuffled and the first
///    `validationSize` taken (uniformly, not per class).
///
/// ```swift
/// let splitter = LabelsPerClassSplitter(labelsPerClass: 5, validationSize: 500)
/// let split = try splitter.split(graph, seed: 0)      // 35 / 500 / 1000 on Cora
/// try graph.setSplit(split, named: "k5_seed0")
/// ```
public struct LabelsPerClassSplitter: Sendable {
  /// Labelled training nodes per class (k).
  public var labelsPerClass: Int
  /// Validation nodes.
  public var validationSize: Int
  /// The split whose test set is kept when present (`nil`: always draw the test set).
  public var testSplit: String?

  /// Creates a splitter.
  public init(labelsPerClass: Int, validationSize: Int, testSplit: String? = GraphSchema.publicSplit) {
    self.labelsPerClass = labelsPerClass
    self.validationSize = validationSize
    self.testSplit = testSplit
  }

  /// The split for `seed`.
  /// - Throws: ``GraphDataError`` when the graph has no labels, a class has fewer than
  ///   `labelsPerClass` labelled nodes outside the test set, or too few nodes remain for
  ///   validation.
  public func split(_ graph: Graph, seed: UInt64) throws -> Split {
    guard labelsPerClass >= 1, validationSize >= 0 else {
      throw GraphDataError(
        .value, file: "", location: .field("labels per class"), expected: "k ≥ 1 and a validation size ≥ 0",
        actual: "k = \(labelsPerClass), validation = \(validationSize)")
    }
    let n = graph.nodeCount
    let classCount = graph.classCount
    guard classCount > 0 else {
      throw GraphDataError(
        .value, file: "", location: .field("labels"), expected: "labelled nodes", actual: "no labels")
    }
    let fixedTest = testSplit.flatMap { graph.splits[$0]?.test }
    var inTest = [Bool](repeating: false, count: n)
    for i in fixedTest ?? [] { inTest[i] = true }

    var byClass = [[Int]](repeating: [], count: classCount)
    for (i, y) in graph.labels.enumerated() where y >= 0 && !inTest[i] { byClass[y].append(i) }

    var rng = Xoshiro256StarStar(seed: seed)
    var chosen = [Bool](repeating: false, count: n)
    var train: [Int] = []
    for c in 0..<classCount {
      var pool = byClass[c]
      guard pool.count >= labelsPerClass else {
        let name = graph.classNames.map { " '\($0[c])'" } ?? ""
        throw GraphDataError(
          .value, file: "", location: .field("labels"),
          expected: "at least \(labelsPerClass) labelled nodes of class \(c)\(name) outside the test set",
          actual: "\(pool.count)")
      }
      rng.shuffle(&pool)
      for i in pool.prefix(labelsPerClass) {
        train.append(i)
        chosen[i] = true
      }
    }
    var rest = byClass.joined().filter { !chosen[$0] }.sorted()
    guard rest.count >= validationSize else {
      throw GraphDataError(
        .value, file: "", location: .field("labels"),
        expected: "at least \(validationSize) labelled non-test nodes left for validation", actual: "\(rest.count)")
    }
    rng.shuffle(&rest)
    let validation = Array(rest.prefix(validationSize))
    let test = fixedTest ?? Array(rest.dropFirst(validationSize))
    return Split(train: train, validation: validation, test: test, labelsPerClass: labelsPerClass, seed: seed)
  }
}
