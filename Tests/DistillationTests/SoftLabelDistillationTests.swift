import Distillation
import GNN
import Tensors
import Testing
import _TestSupport

@Suite struct SoftLabelDistillationTests {
  static let logits = try! Tensor(rows: [[1.0, -0.5, 0.2], [0.3, 0.8, -1.0], [-0.2, 0.1, 0.4], [2.0, 0.0, -2.0]])
  static let teacher = try! Tensor(rows: [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]])
  static let labels = [0, 1, -1, 0]

  /// Golden value from scripts/golden/soft_label_kd.py (an independent NumPy implementation).
  @Test func matchesTheNumPyReference() throws {
    let kd = SoftLabelDistillation(temperature: 2, alpha: 0.3)
    let loss = try kd(
      logits: Variable(Self.logits), teacherProbabilities: Self.teacher, labels: Self.labels, labelledRows: [0, 1, 3])
    #expect(abs(loss.value.scalar - 0.250224) < 1e-5)
  }

  @Test func gradientsMatchFiniteDifferences() throws {
    let kd = SoftLabelDistillation(temperature: 2, alpha: 0.3)
    let result = try checkGradients(at: [Self.logits]) { v in
      try kd(logits: v[0], teacherProbabilities: Self.teacher, labels: Self.labels, labelledRows: [0, 1, 3])
    }
    #expect(result.worstRelativeError < 1e-2, "\(result)")
  }

  @Test func softeningAtTemperatureOneKeepsTheTeacherAndFlattensAbove() throws {
    #expect(SoftLabelDistillation(temperature: 1).softened(Self.teacher) == Self.teacher)
    let flat = SoftLabelDistillation(temperature: 4).softened(Self.teacher)
    #expect(flat[0, 0] < Self.teacher[0, 0] && flat[0, 2] > Self.teacher[0, 2])
    #expect(abs(flat.row(0).reduce(0, +) - 1) < 1e-5)
  }

  @Test func refusesBadSettings() {
    #expect(throws: TensorError.self) {
      try SoftLabelDistillation(temperature: 0, alpha: 0.5)(
        logits: Variable(Self.logits), teacherProbabilities: Self.teacher, labels: Self.labels, labelledRows: [0])
    }
  }
}

@Suite struct DistillerTests {
  @Test func anMLPStudentLearnsTheTeachersLabelsOnEveryNode() throws {
    let data = try SelfDistillationTrainerTests.data(labelsPerClass: 2)
    // A perfect teacher: the true label of every node, as soft labels.
    var teacher = Tensor(zeros: [150, 3])
    for i in 0..<150 { teacher[i, data.labels[i]] = 1 }
    var student = ModelConfiguration.standard(.mlp)
    student.hiddenDimensions = [32]
    var training = TrainingConfiguration(epochs: 150, weightDecayScope: .all, monitor: .validationAccuracy)
    training.patience = nil
    let distilled = try Distiller(
      student: student, training: training, objective: DistillationObjective(temperature: 1, alpha: 0.1)
    ).train(on: data, teacher: TeacherSignals(probabilities: teacher), seed: 0).result
    let plain = try Trainer(configuration: training).fit(
      NodeClassifier(configuration: student, inputDimension: 12, classCount: 3, random: RandomSource(seed: 0)), on: data
    )
    #expect(distilled.teacherTestAccuracy == 1)
    #expect(
      distilled.testAccuracy > plain.testAccuracy + 0.1,
      "distilled \(distilled.testAccuracy), plain \(plain.testAccuracy)")
    #expect(abs(distilled.retention - distilled.testAccuracy) < 1e-12)
    #expect(distilled.parameterCount == 12 * 32 + 32 + 32 * 3 + 3)
  }

  @Test func softLabelsOfTheWrongShapeAreRefused() throws {
    let data = try SelfDistillationTrainerTests.data(labelsPerClass: 2)
    let e = #expect(throws: ConfigurationError.self) {
      try Distiller(student: .standard(.mlp)).train(
        on: data, teacher: TeacherSignals(probabilities: Tensor(zeros: [10, 3])), seed: 0)
    }
    #expect(e?.description == "configuration 'teacher soft labels': expected shape [150, 3], but got [10, 3]")
  }
}

@Suite struct FeatureHintTests {
  static let student = try! Tensor(rows: [[1.0, -2.0], [0.5, 0.0], [-1.0, 3.0]])
  static let teacher = try! Tensor(rows: [[0.2, 0.1, -0.3], [1.0, 0.0, 0.5], [-0.5, 0.4, 0.9]])

  static func hint(_ distance: FeatureHint.Distance) throws -> FeatureHint {
    let h = FeatureHint(studentDimension: 2, teacherDimension: 3, distance: distance, random: RandomSource(seed: 0))
    h.projector.weight.value = try Tensor(rows: [[0.3, -0.1, 0.2], [0.05, 0.4, -0.25]])
    h.projector.bias!.value = Tensor([0.1, 0.0, -0.1])
    return h
  }

  /// Golden values from scripts/golden/feature_hint.py (NumPy) with the same fixed projector.
  @Test func matchesTheNumPyReference() throws {
    let mse = try Self.hint(.mse)(student: Variable(Self.student), teacher: Self.teacher)
    let cosine = try Self.hint(.cosine)(student: Variable(Self.student), teacher: Self.teacher)
    #expect(abs(mse.value.scalar - 0.827778) < 1e-5)
    #expect(abs(cosine.value.scalar - 0.946519) < 1e-5)
  }

  @Test func gradientsReachTheStudentAndTheProjector() throws {
    for distance in [FeatureHint.Distance.mse, .cosine] {
      let hint = try Self.hint(distance)
      let result = try checkGradients(at: [Self.student]) { v in try hint(student: v[0], teacher: Self.teacher) }
      #expect(result.worstRelativeError < 1e-2, "\(distance): \(result)")
      let s = Variable(Self.student, requiresGradient: true)
      try hint(student: s, teacher: Self.teacher).backward()
      #expect(hint.projector.weight.gradient != nil)
    }
  }

  @Test func aTeacherOfTheWrongWidthIsRefused() throws {
    #expect(throws: TensorError.self) {
      try Self.hint(.mse)(student: Variable(Self.student), teacher: Tensor(zeros: [3, 4]))
    }
  }
}
