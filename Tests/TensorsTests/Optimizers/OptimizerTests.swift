import Tensors
import Testing

@Suite struct OptimizerTests {
  /// One step of each optimiser against values worked out by hand from its formula.
  @Test func sgdWithMomentumAndWeightDecayFollowsItsFormula() throws {
    let p = Variable(Tensor([1, -2]), requiresGradient: true)
    let opt = SGD(parameters: [p], learningRate: 0.1, momentum: 0.9, weightDecay: 0.5)
    p.gradient = Tensor([0.2, 0.4])
    try opt.step()
    // d = g + 0.5 p = [0.7, -0.6]; v = d; p = p - 0.1 v
    #expect(p.value == Tensor([1 - 0.07, -2 + 0.06]))
    p.gradient = Tensor([0.2, 0.4])
    try opt.step()
    // d = [0.2 + 0.465, 0.4 - 0.97] = [0.665, -0.57]; v = 0.9 [0.7, -0.6] + d = [1.295, -1.11]
    #expect(abs(p.value[0] - (0.93 - 0.1295)) < 1e-6)
    #expect(abs(p.value[1] - (-1.94 + 0.111)) < 1e-6)
  }

  @Test func adamFirstStepMovesByTheLearningRate() throws {
    // With bias correction, Adam's first step is lr · sign(g) (up to ε).
    let p = Variable(Tensor([1, 1]), requiresGradient: true)
    let opt = Adam(parameters: [p], learningRate: 0.01)
    p.gradient = Tensor([3, -0.001])
    try opt.step()
    #expect(abs(p.value[0] - 0.99) < 1e-5)
    #expect(abs(p.value[1] - 1.01) < 1e-4)
  }

  @Test func adamWDecaysWeightsIndependentlyOfTheGradient() throws {
    let a = Variable(Tensor([2]), requiresGradient: true)
    let w = AdamW(parameters: [a], learningRate: 0.1, weightDecay: 0.5)
    a.gradient = Tensor([0])
    try w.step()
    // decoupled: p ← p(1 − 0.1·0.5) = 1.9; the Adam step on g = 0 is 0
    #expect(abs(a.value[0] - 1.9) < 1e-6)
    // Adam's coupled decay instead feeds 0.5·2 = 1 into the moments: first step = −lr
    let b = Variable(Tensor([2]), requiresGradient: true)
    let coupled = Adam(parameters: [b], learningRate: 0.1, weightDecay: 0.5)
    b.gradient = Tensor([0])
    try coupled.step()
    #expect(abs(b.value[0] - 1.9) < 1e-5)
  }

  @Test func parameterGroupsHaveTheirOwnWeightDecay() throws {
    let first = Variable(Tensor([1]), requiresGradient: true)
    let second = Variable(Tensor([1]), requiresGradient: true)
    let opt = SGD(
      parameterGroups: [
        ParameterGroup(parameters: [first], weightDecay: 1), ParameterGroup(parameters: [second], weightDecay: 0),
      ],
      learningRate: 0.1)
    first.gradient = Tensor([0])
    second.gradient = Tensor([0])
    try opt.step()
    #expect(first.value[0] == 0.9)
    #expect(second.value[0] == 1)
  }

  @Test func minimisesAQuadratic() throws {
    for make in [
      { (p: Variable) -> any Optimizer in SGD(parameters: [p], learningRate: 0.1, momentum: 0.9) },
      { (p: Variable) -> any Optimizer in Adam(parameters: [p], learningRate: 0.1) },
      { (p: Variable) -> any Optimizer in AdamW(parameters: [p], learningRate: 0.1, weightDecay: 0) },
    ] {
      let p = Variable(Tensor([5, -3]), requiresGradient: true)
      let target = Variable(Tensor([1, 2]))
      let opt = make(p)
      for _ in 0..<300 {
        opt.zeroGradients()
        try Tensors.meanSquaredError(p, target).backward()
        try opt.step()
      }
      #expect(abs(p.value[0] - 1) < 1e-2 && abs(p.value[1] - 2) < 1e-2)
    }
  }

  @Test func refusesNonFiniteGradientsWithoutTouchingParameters() {
    let p = Variable(Tensor([1, 2]), requiresGradient: true, name: "layer1.weight")
    let opt = Adam(parameters: [p])
    p.gradient = Tensor([0.1, .nan])
    let e = #expect(throws: TensorError.self) { try opt.step() }
    #expect(e?.kind == .nonFinite)
    #expect(
      e?.description
        == "Adam.step: expected finite values in the gradient of parameter layer1.weight, but got nan at element 1")
    #expect(p.value == Tensor([1, 2]))
  }

  @Test func clipsTheGlobalGradientNorm() throws {
    let a = Variable(Tensor([3]), requiresGradient: true)
    let b = Variable(Tensor([4]), requiresGradient: true)
    a.gradient = Tensor([3])
    b.gradient = Tensor([4])
    let norm = try clipGradientNorm([a, b], maxNorm: 1)
    #expect(norm == 5)
    #expect(abs(a.gradient![0] - 0.6) < 1e-5 && abs(b.gradient![0] - 0.8) < 1e-5)
    #expect(throws: TensorError.self) { try clipGradientNorm([a], maxNorm: 0) }
    clipGradientValues([a, b], limit: 0.7)
    #expect(b.gradient![0] == 0.7)
  }
}
