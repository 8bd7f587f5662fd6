import Tensors
import Testing

/// Operations refuse bad input with a Swift error naming the operation, the expected and the
/// actual shape or value — never a crash.
@Suite struct BadInputTests {
  @Test func mismatchedShapes() {
    let a = Variable(Tensor(zeros: [2, 3]))
    let b = Variable(Tensor(zeros: [4, 5]))
    let e1 = #expect(throws: TensorError.self) { try a + b }
    #expect(e1?.kind == .shape)
    #expect(e1?.description.hasPrefix("add: expected broadcastable shapes") == true)
    #expect(e1?.description.hasSuffix("but got [2, 3] and [4, 5]") == true)
    let e2 = #expect(throws: TensorError.self) { try matmul(a, b) }
    #expect(e2?.description.contains("lhs [2, 3], rhs [4, 5]") == true)
    #expect(throws: TensorError.self) { try meanSquaredError(a, b) }
    #expect(throws: TensorError.self) { try cosineSimilarity(a, b) }
    #expect(throws: TensorError.self) { try concatenate([a, b], alongAxis: 1) }
    #expect(throws: TensorError.self) { try spmm(CSRMatrix.identity(3), a) }
    #expect(throws: TensorError.self) { try sum(a, alongAxis: 2) }
  }

  @Test func invalidValues() {
    let x = Variable(Tensor(zeros: [2, 3]))
    var g = Xoshiro256StarStar(seed: 0)
    let e1 = #expect(throws: TensorError.self) { try dropout(x, probability: 1, generator: &g) }
    #expect(e1?.description == "dropout: expected a probability in [0, 1), but got 1.0")
    let e2 = #expect(throws: TensorError.self) { try softmax(x, temperature: 0) }
    #expect(e2?.description == "softmax: expected a positive, finite temperature, but got 0.0")
    #expect(throws: TensorError.self) { try logSoftmax(x, temperature: .nan) }
  }

  @Test func labelsAndRowsOutOfRange() {
    let logits = Variable(Tensor(zeros: [3, 2]))
    let e1 = #expect(throws: TensorError.self) { try crossEntropy(logits: logits, labels: [0, -1, 1], rows: [0, 1]) }
    #expect(e1?.description == "crossEntropy: expected labels in 0..<2 on the selected rows, but got label -1 at row 1")
    let e2 = #expect(throws: TensorError.self) { try crossEntropy(logits: logits, labels: [0, 1], rows: nil) }
    #expect(e2?.description == "crossEntropy: expected 3 labels (one per row), but got 2")
    #expect(throws: TensorError.self) { try crossEntropy(logits: logits, labels: [0, 1, 1], rows: [5]) }
    #expect(throws: TensorError.self) { try crossEntropy(logits: logits, labels: [0, 1, 1], rows: []) }
    #expect(throws: TensorError.self) { try gatherRows(logits, indices: [-1]) }
  }

  @Test func nanTargetsAreRejected() throws {
    let logits = Variable(Tensor(zeros: [1, 2]))
    let bad = try Tensor(shape: [1, 2], scalars: [.nan, 1])
    let e = #expect(throws: TensorError.self) { try klDivergence(logits: logits, targetProbabilities: bad) }
    #expect(e?.description == "klDivergence: expected target probabilities ≥ 0 and finite, but got nan at element 0")
    let negative = try Tensor(shape: [1, 2], scalars: [-0.5, 1.5])
    #expect(throws: TensorError.self) { try klDivergence(logits: logits, targetProbabilities: negative) }
  }
}

@Suite struct OpValueTests {
  @Test func softmaxRowsSumToOneAndSurviveHugeLogits() throws {
    let x = Variable(try Tensor(rows: [[1000, 0, -1000], [1, 2, 3]]))
    let y = try softmax(x, temperature: 2)
    #expect(y.value.isFinite)
    for r in 0..<2 { #expect(abs(y.value.row(r).reduce(0, +) - 1) < 1e-6) }
    let ls = try logSoftmax(x)
    #expect(ls.value.isFinite)
    #expect(abs(ls.value[0, 0]) < 1e-6)
  }

  @Test func crossEntropyOfUniformLogitsIsLogC() throws {
    let loss = try crossEntropy(logits: Variable(Tensor(zeros: [4, 5])), labels: [0, 1, 2, 3])
    #expect(abs(loss.value.scalar - Float(1.6094379)) < 1e-5)
  }

  @Test func klOfIdenticalDistributionsIsZero() throws {
    let z = try Tensor(rows: [[0.3, -1, 2], [0, 0, 1]])
    let loss = try klDivergence(logits: Variable(z), targetProbabilities: rowSoftmax(z, temperature: 3), temperature: 3)
    #expect(abs(loss.value.scalar) < 1e-6)
  }

  @Test func dropoutKeepsTheExpectedValueAndIsSeeded() throws {
    let x = Variable(Tensor(repeating: 1, shape: [200, 50]))
    var g1 = Xoshiro256StarStar(seed: 5)
    var g2 = Xoshiro256StarStar(seed: 5)
    let a = try dropout(x, probability: 0.5, generator: &g1)
    let b = try dropout(x, probability: 0.5, generator: &g2)
    #expect(a.value == b.value)
    let mean = a.value.scalars.reduce(0, +) / Float(a.value.count)
    #expect(abs(mean - 1) < 0.05)
    #expect(a.value.scalars.allSatisfy { $0 == 0 || $0 == 2 })
  }

  @Test func cosineSimilarityOfParallelAndOrthogonalRows() throws {
    let a = Variable(try Tensor(rows: [[1, 0], [1, 1], [0, 0]]))
    let b = Variable(try Tensor(rows: [[0, 1], [2, 2], [1, 0]]))
    let c = try cosineSimilarity(a, b).value
    #expect(abs(c[0]) < 1e-6 && abs(c[1] - 1) < 1e-6 && c[2] == 0)
  }
}
