import Distillation
import GNN
import Tensors
import Testing

@Suite struct ExponentialMovingAverageTests {
  @Test func followsTheRampedDecayFormula() throws {
    let r = RandomSource(seed: 0)
    let student = Linear(inputDimension: 2, outputDimension: 1, bias: false, random: r)
    let teacher = Linear(inputDimension: 2, outputDimension: 1, bias: false, random: r)
    var ema = ExponentialMovingAverage(decay: 0.9)
    try ema.initialize(teacher: teacher, from: student)
    #expect(teacher.weight.value == student.weight.value)
    student.weight.value = try Tensor(shape: [2, 1], scalars: [1, 1])
    teacher.weight.value = try Tensor(shape: [2, 1], scalars: [0, 0])
    ema.update(teacher: teacher, from: student)  // step 1: d = min(0.9, 1 − 1/2) = 0.5
    #expect(teacher.weight.value.scalars == [0.5, 0.5])
    ema.update(teacher: teacher, from: student)  // step 2: d = min(0.9, 2/3)
    #expect(abs(teacher.weight.value[0] - (0.5 * 2 / 3 + 1.0 / 3)) < 1e-6)
    for _ in 0..<100 { ema.update(teacher: teacher, from: student) }
    #expect(abs(teacher.weight.value[0] - 1) < 1e-4)
  }
}

@Suite struct ConfidentNodesTests {
  @Test func thresholdsAndBalancesClasses() throws {
    let p = try Tensor(rows: [
      [0.95, 0.05], [0.97, 0.03], [0.99, 0.01], [0.2, 0.8], [0.05, 0.95], [0.6, 0.4],
    ])
    #expect(
      ConfidentNodes.select(probabilities: p, threshold: 0, classBalanced: false, excluding: []) == [0, 1, 2, 3, 4, 5])
    #expect(ConfidentNodes.select(probabilities: p, threshold: 0.9, classBalanced: false, excluding: [1]) == [0, 2, 4])
    // Class 1 has one confident node, so class 0 keeps only its most confident one (node 2).
    #expect(ConfidentNodes.select(probabilities: p, threshold: 0.9, classBalanced: true, excluding: []) == [2, 4])
  }

  @Test func breaksConfidenceTiesByNodeIndex() throws {
    // Class 0 has three nodes, two tied at 0.9; class 1 has two, so class 0 keeps two: the
    // 0.95 node and the lower-indexed of the tied pair.
    let p = try Tensor(rows: [[0.9, 0.1], [0.1, 0.9], [0.9, 0.1], [0.95, 0.05], [0.2, 0.8]])
    #expect(
      ConfidentNodes.select(probabilities: p, threshold: 0.7, classBalanced: true, excluding: []) == [0, 1, 3, 4])
    #expect(
      ConfidentNodes.select(probabilities: p, threshold: 0.7, classBalanced: true, excluding: [0]) == [1, 2, 3, 4])
    #expect(ConfidentNodes.select(probabilities: p, threshold: 0.99, classBalanced: true, excluding: []).isEmpty)
  }
}

@Suite struct CalibrationTests {
  @Test func expectedCalibrationErrorMatchesAHandComputation() throws {
    // Two bins in use: confidence 0.9 (2 nodes, 1 right) and 0.6 (2 nodes, 2 right).
    let p = try Tensor(rows: [[0.9, 0.1], [0.9, 0.1], [0.6, 0.4], [0.4, 0.6]])
    let labels = [0, 1, 0, 1]
    let ece = ExpectedCalibrationError.compute(probabilities: p, labels: labels, rows: [0, 1, 2, 3], bins: 10)
    // |0.5 − 0.9|·2/4 + |1 − 0.6|·2/4 = 0.4
    #expect(abs(ece - 0.4) < 1e-6)
  }

  @Test func temperatureScalingCoolsOverconfidentLogitsWithoutChangingPredictions() throws {
    var g = Xoshiro256StarStar(seed: 1)
    var logits = Tensor(zeros: [400, 3])
    var labels: [Int] = []
    for i in 0..<400 {
      let y = g.nextInt(below: 3)
      labels.append(y)
      // Right 70 % of the time, always with a huge margin: overconfident.
      let predicted = g.nextFloat() < 0.7 ? y : (y + 1) % 3
      logits[i, predicted] = 12
    }
    let t = TemperatureScaling.fit(logits: logits, labels: labels, rows: Array(0..<400))
    #expect(t > 2)
    let before = ExpectedCalibrationError.compute(
      probabilities: rowSoftmax(logits), labels: labels, rows: Array(0..<400))
    let after = ExpectedCalibrationError.compute(
      probabilities: rowSoftmax(logits, temperature: t), labels: labels, rows: Array(0..<400))
    #expect(after < before / 4)
    #expect(
      ClassificationMetrics.predictions(rowSoftmax(logits, temperature: t)) == ClassificationMetrics.predictions(logits)
    )
  }
}

@Suite struct GraphAugmentationTests {
  static func ring(_ n: Int) throws -> GraphStructure {
    let rows = (0..<n).flatMap { [Int32($0), Int32(($0 + 1) % n)] }
    let cols = (0..<n).flatMap { [Int32(($0 + 1) % n), Int32($0)] }
    return try GraphStructure(adjacency: CSRMatrix(rowCount: n, columnCount: n, rows: rows, columns: cols, values: nil))
  }

  @Test func dropEdgesRemovesBothDirectionsOfAboutTheRightShare() throws {
    let graph = try Self.ring(2000)
    let dropped = try GraphAugmentation.dropEdges(graph, probability: 0.3, random: RandomSource(seed: 2))
    let a = dropped.adjacency
    #expect(a.toDense() == a.toDense().transposed())
    #expect(a.hasSortedUniqueRows)
    let kept = Double(a.nonzeroCount) / Double(graph.adjacency.nonzeroCount)
    #expect(abs(kept - 0.7) < 0.05)
  }

  @Test func dropNodesZeroesWholeRowsAndRescalesTheRest() throws {
    let x = try Tensor(rows: (0..<200).map { _ in [1, 2] })
    let out = try GraphAugmentation.dropNodes(.dense(Variable(x)), probability: 0.5, random: RandomSource(seed: 3))
    guard case .dense(let v) = out else {
      Issue.record("expected dense output")
      return
    }
    var zeroRows = 0
    for i in 0..<200 {
      let row = v.value.row(i)
      #expect(row == [0, 0] || row == [2, 4])
      if row == [0, 0] { zeroRows += 1 }
    }
    #expect(zeroRows > 70 && zeroRows < 130)
  }
}
