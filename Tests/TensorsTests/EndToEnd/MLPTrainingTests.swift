import Tensors
import Testing

/// End to end: a two-layer MLP trained with Adam on a synthetic three-class Gaussian mixture.
@Suite struct MLPTrainingTests {
  /// Three well-separated Gaussian blobs in 4-D (unit variance, means 4 apart), seeded.
  static func mixture(count: Int, seed: UInt64) -> (Tensor, [Int]) {
    var g = Xoshiro256StarStar(seed: seed)
    let means: [[Float]] = [[2, 0, 0, 0], [-2, 2, 0, 0], [0, -2, 2, 0]]
    var x = Tensor(zeros: [count, 4])
    var y: [Int] = []
    for i in 0..<count {
      let c = g.nextInt(below: 3)
      y.append(c)
      for j in 0..<4 { x[i, j] = means[c][j] + 0.7 * g.nextNormal() }
    }
    return (x, y)
  }

  /// Trains and returns (per-epoch losses, test accuracy).
  static func train(seed: UInt64) throws -> ([Float], Double) {
    let (trainX, trainY) = mixture(count: 600, seed: 100)
    let (testX, testY) = mixture(count: 300, seed: 200)
    var g = Xoshiro256StarStar(seed: seed)
    let w1 = Variable(Tensor.glorotUniform(fanIn: 4, fanOut: 16, generator: &g), requiresGradient: true)
    let b1 = Variable(Tensor(zeros: [16]), requiresGradient: true)
    let w2 = Variable(Tensor.glorotUniform(fanIn: 16, fanOut: 3, generator: &g), requiresGradient: true)
    let b2 = Variable(Tensor(zeros: [3]), requiresGradient: true)
    let optimizer = Adam(
      parameterGroups: [
        ParameterGroup(parameters: [w1, b1], weightDecay: 5e-4), ParameterGroup(parameters: [w2, b2]),
      ],
      learningRate: 0.01)

    func forward(_ x: Tensor, training: Bool) throws -> Variable {
      var h = relu(try matmul(Variable(x), w1) + b1)
      if training { h = try dropout(h, probability: 0.1, generator: &g) }
      return try matmul(h, w2) + b2
    }

    var losses: [Float] = []
    for _ in 0..<150 {
      optimizer.zeroGradients()
      let loss = try crossEntropy(logits: forward(trainX, training: true), labels: trainY)
      try loss.backward()
      try optimizer.step()
      losses.append(loss.value.scalar)
    }
    let logits = try withoutGradients { try forward(testX, training: false) }.value
    var correct = 0
    for i in 0..<testY.count {
      let row = logits.row(i)
      if row.firstIndex(of: row.max()!) == testY[i] { correct += 1 }
    }
    return (losses, Double(correct) / Double(testY.count))
  }

  @Test func learnsAGaussianMixtureToAtLeast95Percent() throws {
    let (losses, accuracy) = try Self.train(seed: 1)
    #expect(accuracy >= 0.95, "test accuracy \(accuracy)")
    #expect(losses.last! < losses.first! / 4)
  }

  @Test func sameSeedGivesBitIdenticalLosses() throws {
    let (a, _) = try Self.train(seed: 7)
    let (b, _) = try Self.train(seed: 7)
    let (c, _) = try Self.train(seed: 8)
    #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
    #expect(a != c)
  }
}
