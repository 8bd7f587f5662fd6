import Tensors
import Testing
import _TestSupport

/// Finite-difference gradient checks (relative error < 1e-2 in Float32) for every
/// differentiable operation.
@Suite struct GradientCheckTests {
  static func random(_ shape: [Int], seed: UInt64, awayFromZero: Bool = false, positive: Bool = false) -> Tensor {
    var g = Xoshiro256StarStar(seed: seed)
    var t = Tensor.randomUniform(shape: shape, lowerBound: -1, upperBound: 1, generator: &g)
    for i in 0..<t.count {
      if positive { t[i] = abs(t[i]) + 0.5 }
      if awayFromZero && abs(t[i]) < 0.1 { t[i] = t[i] < 0 ? -0.3 : 0.3 }
    }
    return t
  }

  func expectGradients(
    _ inputs: [Tensor], tolerance: Double = 1e-2, sourceLocation: SourceLocation = #_sourceLocation,
    _ f: ([Variable]) throws -> Variable
  ) throws {
    let result = try checkGradients(at: inputs, f)
    #expect(result.worstRelativeError < tolerance, "\(result)", sourceLocation: sourceLocation)
  }

  // A non-symmetric sparse matrix with an empty row and a long row.
  static let sparse: CSRMatrix = {
    var g = Xoshiro256StarStar(seed: 99)
    return RandomFixtures.csr(rows: 9, columns: 7, generator: &g) { $0 == 3 ? 0 : ($0 == 5 ? 7 : 1 + $0 % 3) }
  }()

  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func matmul(transposeA: Bool, transposeB: Bool) throws {
    let a = Self.random(transposeA ? [4, 3] : [3, 4], seed: 1)
    let b = Self.random(transposeB ? [5, 4] : [4, 5], seed: 2)
    try expectGradients([a, b]) { v in try Tensors.matmul(v[0], v[1], transposeA: transposeA, transposeB: transposeB) }
  }

  @Test func transposeAndScale() throws {
    try expectGradients([Self.random([3, 4], seed: 3)]) { v in Tensors.transpose(v[0]) * 3 + 1 }
  }

  @Test func spmmWithNonSymmetricMatrix() throws {
    let a = Self.sparse
    #expect(a.toDense() != a.toDense().transposed())
    try expectGradients([Self.random([7, 4], seed: 4)]) { v in try Tensors.spmm(a, v[0]) }
  }

  @Test func spmmWithFusedBias() throws {
    let a = Self.sparse
    try expectGradients([Self.random([7, 4], seed: 42), Self.random([4], seed: 43)]) { v in
      try Tensors.spmm(a, v[0], bias: v[1])
    }
    let x = Self.random([7, 20], seed: 44)
    let bias = Self.random([20], seed: 45)
    let fused = try Kernels.spmm(a, x, bias: bias)
    let separate = try (Variable(Kernels.spmm(a, x)) + Variable(bias)).value
    #expect(maxRelativeDifference(fused, separate) < 1e-5)
  }

  /// The fused ReLU: forward and both gradients equal `relu(spmm(a, x, bias))` for every tail
  /// width of the kernel, and finite differences agree away from the kink.
  @Test func spmmWithFusedBiasAndReLU() throws {
    let a = Self.sparse
    for width in [1, 2, 3, 4, 5, 7, 8, 10, 13, 16, 19, 64, 70] {
      let x = Self.random([7, width], seed: UInt64(50 + width))
      let b = Self.random([width], seed: UInt64(150 + width))
      let (x1, b1) = (Variable(x, requiresGradient: true), Variable(b, requiresGradient: true))
      let (x2, b2) = (Variable(x, requiresGradient: true), Variable(b, requiresGradient: true))
      let fused = try Tensors.spmm(a, x1, bias: b1, rectify: true)
      let separate = relu(try Tensors.spmm(a, x2, bias: b2))
      #expect(fused.value == separate.value, "width \(width)")
      let weights = Self.random([9, width], seed: UInt64(250 + width))
      try sum(fused * Variable(weights)).backward()
      try sum(separate * Variable(weights)).backward()
      #expect(x1.gradient == x2.gradient && b1.gradient == b2.gradient, "width \(width)")
    }
    // Finite differences at a point whose outputs are all at least 0.05 away from the kink (the
    // first such seed), with outputs on both sides of it.
    func point(_ seed: UInt64) throws -> (Tensor, Tensor, Tensor) {
      let (x, b) = (Self.random([7, 4], seed: seed), Self.random([4], seed: seed + 1000))
      return (x, b, try Kernels.spmm(a, x, bias: b))
    }
    let seed = try (UInt64(46)..<UInt64(1046)).first { s in
      try point(s).2.scalars.allSatisfy { abs($0) > 0.05 }
    }
    let (x, b, out) = try point(try #require(seed))
    #expect(out.scalars.contains { $0 < 0 } && out.scalars.contains { $0 > 0 })
    try expectGradients([x, b]) { v in try Tensors.spmm(a, v[0], bias: v[1], rectify: true) }
  }

  /// The same product when the transpose is already cached (the other backward path).
  @Test func spmmWithACachedTranspose() throws {
    var g = Xoshiro256StarStar(seed: 98)
    let a = RandomFixtures.csr(rows: 6, columns: 8, generator: &g) { 1 + $0 % 4 }
    _ = a.transposed()
    #expect(a.hasCachedTranspose)
    try expectGradients([Self.random([8, 3], seed: 41)]) { v in try Tensors.spmm(a, v[0]) }
  }

  @Test func spmmWithDifferentiableValues() throws {
    let p = Self.sparse
    try expectGradients([Self.random([p.nonzeroCount], seed: 5), Self.random([7, 3], seed: 6)]) { v in
      try Tensors.spmm(pattern: p, values: v[0], v[1])
    }
  }

  @Test(arguments: [[3, 4], [4], [1, 4], [3, 1], []])
  func broadcastingArithmetic(rhsShape: [Int]) throws {
    let a = Self.random([3, 4], seed: 7)
    let b = Self.random(rhsShape, seed: 8, positive: true)
    try expectGradients([a, b]) { v in try v[0] + v[1] }
    try expectGradients([a, b]) { v in try v[0] - v[1] }
    try expectGradients([a, b]) { v in try v[0] * v[1] }
    try expectGradients([a, b]) { v in try v[0] / v[1] }
    // Broadcast on the left too.
    try expectGradients([b, a]) { v in try v[0] * v[1] }
  }

  @Test func activations() throws {
    let x = Self.random([4, 5], seed: 9, awayFromZero: true)
    try expectGradients([x]) { v in Tensors.relu(v[0]) }
    try expectGradients([x]) { v in Tensors.leakyRelu(v[0], negativeSlope: 0.2) }
    try expectGradients([x]) { v in Tensors.elu(v[0]) }
    try expectGradients([x]) { v in Tensors.tanh(v[0]) }
    try expectGradients([x]) { v in Tensors.sigmoid(v[0]) }
    try expectGradients([x]) { v in Tensors.exp(v[0]) }
    try expectGradients([x]) { v in Tensors.square(v[0]) }
    try expectGradients([Self.random([4, 5], seed: 10, positive: true)]) { v in Tensors.log(v[0]) }
  }

  @Test func dropoutWithAFixedSeed() throws {
    try expectGradients([Self.random([6, 5], seed: 11)]) { v in
      var g = Xoshiro256StarStar(seed: 1234)
      return try Tensors.dropout(v[0], probability: 0.4, generator: &g)
    }
  }

  @Test(arguments: [Float(1), 0.5, 4])
  func softmaxAndLogSoftmaxWithTemperature(temperature: Float) throws {
    let x = Self.random([4, 6], seed: 12)
    try expectGradients([x]) { v in try Tensors.softmax(v[0], temperature: temperature) }
    try expectGradients([x]) { v in try Tensors.logSoftmax(v[0], temperature: temperature) }
  }

  @Test func maskedCrossEntropyAndNLL() throws {
    let x = Self.random([6, 4], seed: 13)
    let labels = [0, 3, -1, 2, 1, -1]
    let rows = [0, 1, 3, 4]
    try expectGradients([x]) { v in try Tensors.crossEntropy(logits: v[0], labels: labels, rows: rows) }
    try expectGradients([x]) { v in
      try Tensors.nllLoss(logProbabilities: Tensors.logSoftmax(v[0]), labels: labels, rows: rows)
    }
  }

  @Test(arguments: [Float(1), 2, 4])
  func klDivergenceWithTemperature(temperature: Float) throws {
    let x = Self.random([5, 4], seed: 14)
    let p = rowSoftmax(Self.random([5, 4], seed: 15), temperature: 0.5)
    try expectGradients([x]) { v in
      try Tensors.klDivergence(logits: v[0], targetProbabilities: p, temperature: temperature, rows: [0, 2, 4])
    }
    try expectGradients([x, Self.random([5, 4], seed: 16)]) { v in
      try Tensors.klDivergence(logits: v[0], targetLogits: v[1], temperature: temperature)
    }
  }

  @Test func meanSquaredErrorAndCosineSimilarity() throws {
    let a = Self.random([4, 3], seed: 17)
    let b = Self.random([4, 3], seed: 18)
    try expectGradients([a, b]) { v in try Tensors.meanSquaredError(v[0], v[1]) }
    try expectGradients([a, b]) { v in try Tensors.cosineSimilarity(v[0], v[1]) }
  }

  @Test func gatherConcatenateAndReductions() throws {
    let x = Self.random([5, 3], seed: 19)
    try expectGradients([x]) { v in try Tensors.gatherRows(v[0], indices: [4, 0, 4, 2]) }
    try expectGradients([x, Self.random([2, 3], seed: 20)]) { v in try Tensors.concatenate([v[0], v[1]], alongAxis: 0) }
    try expectGradients([x, Self.random([5, 2], seed: 21)]) { v in try Tensors.concatenate([v[0], v[1]], alongAxis: 1) }
    try expectGradients([Self.random([3], seed: 22), Self.random([2], seed: 23)]) { v in
      try Tensors.concatenate([v[0], v[1]], alongAxis: 0)
    }
    try expectGradients([x]) { v in try Tensors.sliceColumns(v[0], 1..<3) }
    try expectGradients([x]) { v in Tensors.sum(v[0]) }
    try expectGradients([x]) { v in Tensors.mean(v[0]) }
    try expectGradients([x]) { v in try Tensors.sum(v[0], alongAxis: 0) }
    try expectGradients([x]) { v in try Tensors.mean(v[0], alongAxis: 1) }
    try expectGradients([x]) { v in Tensors.l2Norm(v[0]) }
    try expectGradients([x]) { v in try Tensors.rowL2Norm(v[0]) }
  }

  @Test func sddmmEdgeAddAndEdgeSoftmax() throws {
    let p = Self.sparse
    try expectGradients([Self.random([9, 3], seed: 24), Self.random([7, 3], seed: 25)]) { v in
      try Tensors.sddmm(pattern: p, v[0], v[1])
    }
    try expectGradients([Self.random([9], seed: 26), Self.random([7], seed: 27)]) { v in
      try Tensors.edgeAdd(pattern: p, source: v[0], target: v[1])
    }
    try expectGradients([Self.random([9, 1], seed: 26), Self.random([7, 1], seed: 27)]) { v in
      try Tensors.edgeAdd(pattern: p, source: v[0], target: v[1])
    }
    try expectGradients([Self.random([p.nonzeroCount], seed: 28)]) { v in
      try Tensors.edgeSoftmax(pattern: p, scores: v[0])
    }
  }

  /// A whole graph-attention layer: scores by edge add, a smooth nonlinearity, edge softmax,
  /// then aggregation with the attention values — gradients through all of it. (GAT uses
  /// LeakyReLU, whose kink at 0 breaks finite differences when a score sits near it; LeakyReLU
  /// itself is checked above on inputs away from the kink.)
  @Test func composedAttentionLayer() throws {
    let p = Self.sparse
    let square = try CSRMatrix(
      rowCount: 7, columnCount: 7, rowPointers: Array(p.rowPointers[0...7]),
      columnIndices: Array(p.columnIndices[0..<p.rowPointers[7]]), values: nil)
    try expectGradients([
      Self.random([7, 3], seed: 29), Self.random([3, 2], seed: 30), Self.random([2], seed: 31),
      Self.random([2], seed: 32),
    ]) { v in
      let h = try Tensors.matmul(v[0], v[1])
      let src = try Tensors.sum(h * v[2], alongAxis: 1)
      let dst = try Tensors.sum(h * v[3], alongAxis: 1)
      let e = Tensors.tanh(try Tensors.edgeAdd(pattern: square, source: src, target: dst))
      let alpha = try Tensors.edgeSoftmax(pattern: square, scores: e)
      return try Tensors.spmm(pattern: square, values: alpha, h)
    }
  }
}

@Suite struct AutodiffBehaviourTests {
  @Test func gradientsAccumulateUntilZeroed() throws {
    let w = Variable(Tensor([1, 2, 3]), requiresGradient: true)
    try Tensors.sum(w * 2).backward()
    try Tensors.sum(w * 2).backward()
    #expect(w.gradient == Tensor([4, 4, 4]))
    w.zeroGradient()
    #expect(w.gradient == nil)
  }

  @Test func sharedSubexpressionsSumTheirGradients() throws {
    let x = Variable(Tensor([3]), requiresGradient: true)
    let y = try x * x  // used twice below
    try (y + y).backward(seed: Tensor([1]))
    #expect(x.gradient == Tensor([12]))
  }

  @Test func noGradientModeRecordsNothing() throws {
    let w = Variable(Tensor([1, 2]), requiresGradient: true)
    let out = withoutGradients { Tensors.sum(w * 3) }
    #expect(!out.requiresGradient && out.isLeaf)
    try out.backward()
    #expect(w.gradient == nil)
    #expect(out.value.scalar == 9)
  }

  @Test func detachedStopsGradients() throws {
    let w = Variable(Tensor([2]), requiresGradient: true)
    let y = try w * w.detached()
    try y.backward()
    #expect(w.gradient == Tensor([2]))
  }

  @Test func backwardNeedsAScalarOrASeedOfTheRightShape() {
    let w = Variable(Tensor([1, 2]), requiresGradient: true)
    let y = w * 2
    let e = #expect(throws: TensorError.self) { try y.backward() }
    #expect(e?.description == "backward: expected a single-element variable (or an explicit seed), but got [2]")
    #expect(throws: TensorError.self) { try y.backward(seed: Tensor([1, 2, 3])) }
  }
}
