import Distillation
import GNN
import Tensors
import Testing
import _TestSupport

@Suite struct DistillationObjectiveTests {
  @Test func parsesWeightedNamesAndBareNames() throws {
    let terms = try DistillationObjective.parseTerms("kd=1, hint=0.1,de=0.25,lsp,rkd=0")
    #expect(terms.map(\.name) == ["kd", "hint", "de", "lsp", "rkd"])
    #expect(terms.map(\.weight) == [1, 0.1, 0.25, 1, 0])
    #expect(try DistillationObjective(parsing: "kd=1,lsp=0.1").termsDescription == "kd=1,lsp=0.1")
  }

  @Test func unknownNamesAndBadWeightsNameTheValidLosses() throws {
    let unknown = #expect(throws: ConfigurationError.self) { try DistillationObjective.parseTerms("kd=1,fitnet=2") }
    #expect(unknown?.description.contains("unknown loss 'fitnet'") == true)
    #expect(unknown?.description.contains("kd, hint, de, lsp, rkd") == true)
    for bad in ["kd=-1", "kd=x", "kd=1=2", "", "kd=1,kd=2", "kd=inf"] {
      #expect(throws: ConfigurationError.self, "\(bad)") { try DistillationObjective.parseTerms(bad) }
    }
  }

  @Test func roundTripsThroughJSON() throws {
    var objective = try DistillationObjective(parsing: "kd=1,de=0.1", temperature: 2, alpha: 0.1)
    objective.structureKernel = .linear
    let data = try JSONEncoder().encode(objective)
    #expect(try JSONDecoder().decode(DistillationObjective.self, from: data) == objective)
  }

  @Test func theRegistryBuildsEveryLossOrSaysWhatIsMissing() throws {
    let full = DistillationLossSetup(
      objective: DistillationObjective(), studentHiddenDimension: 4, teacherHiddenDimension: 6, seed: 0)
    for name in DistillationLossRegistry.names {
      _ = try DistillationLossRegistry.make(name, setup: full)
    }
    let noHidden = DistillationLossSetup(
      objective: DistillationObjective(), studentHiddenDimension: 4, teacherHiddenDimension: nil, seed: 0)
    _ = try DistillationLossRegistry.make("kd", setup: noHidden)
    let e = #expect(throws: ConfigurationError.self) { try DistillationLossRegistry.make("de", setup: noHidden) }
    #expect(e?.setting == "loss.de")
    #expect(throws: ConfigurationError.self) { try DistillationLossRegistry.make("nope", setup: full) }
  }
}

@Suite struct DistillerObjectiveTests {
  static func teacher(_ data: NodeClassificationData) -> TeacherSignals {
    var probabilities = Tensor(zeros: [150, 3])
    var hidden = Tensor(zeros: [150, 6])
    for i in 0..<150 {
      probabilities[i, data.labels[i]] = 1
      for j in 0..<6 { hidden[i, j] = Float((data.labels[i] + j) % 3) + 0.1 * Float(i % 5) }
    }
    return TeacherSignals(probabilities: probabilities, hidden: hidden)
  }

  @Test(arguments: [
    "kd=1,hint=0.1", "kd=1,de=0.1", "kd=1,lsp=0.1", "kd=1,rkd=0.1", "kd=1,hint=0.1,de=0.1,lsp=0.1,rkd=0.1",
  ])
  func everyLossTrainsAGCNStudentDeterministically(loss: String) throws {
    let data = try SelfDistillationTrainerTests.data(labelsPerClass: 2)
    var student = ModelConfiguration.standard(.gcn)
    student.hiddenDimensions = [8]
    let training = TrainingConfiguration(epochs: 30, weightDecayScope: .all, monitor: .validationAccuracy)
    let distiller = Distiller(
      student: student, training: training, objective: try DistillationObjective(parsing: loss, alpha: 0.2))
    let a = try distiller.train(on: data, teacher: Self.teacher(data), seed: 3).result
    let b = try distiller.train(on: data, teacher: Self.teacher(data), seed: 3).result
    #expect(a.testAccuracy == b.testAccuracy && a.bestEpoch == b.bestEpoch)
    #expect(a.testAccuracy > 0.5, "\(loss): \(a.testAccuracy)")
    #expect(a.parameterCount == 12 * 8 + 8 + 8 * 3 + 3)
  }

  @Test func anMLPStudentLearnsTheTeachersRelations() throws {
    let data = try SelfDistillationTrainerTests.data(labelsPerClass: 2)
    // A teacher whose geometry the student can reach: a fixed random projection of the features.
    var generator = Xoshiro256StarStar(seed: 4)
    let projection = Tensor.randomUniform(shape: [12, 6], lowerBound: -1, upperBound: 1, generator: &generator)
    let hidden = try matmul(data.features.densified(), Variable(projection)).value
    let teacher = TeacherSignals(probabilities: Self.teacher(data).probabilities, hidden: hidden)
    var student = ModelConfiguration.standard(.mlp)
    student.hiddenDimensions = [16]
    let training = TrainingConfiguration(
      epochs: 60, weightDecayScope: .all, monitor: .validationAccuracy, restoreBestWeights: false)
    func trainedStudent(_ loss: String) throws -> NodeClassifier {
      try Distiller(student: student, training: training, objective: try DistillationObjective(parsing: loss))
        .train(on: data, teacher: teacher, seed: 0).model
    }
    let rkd = RelationalStructurePreserving(anchorCount: 8, random: RandomSource(seed: 9))
    let pairs = rkd.sampleAnchors(nodeCount: 150)
    func relationalLoss(_ model: NodeClassifier) throws -> Float {
      model.isTraining = false
      return try withoutGradients {
        let hidden = try model.forward(data.features, graph: data.graph).hidden[0]
        return try rkd(student: hidden, teacher: teacher.hidden!, pairs: pairs).value.scalar
      }
    }
    let without = try relationalLoss(trainedStudent("kd=1"))
    let with = try relationalLoss(trainedStudent("kd=1,rkd=1"))
    #expect(with < 0.8 * without, "relational loss on held-out pairs: kd alone \(without), kd + rkd \(with)")
  }

  @Test func lossesThatNeedTheTeachersHiddenRepresentationSaySo() throws {
    let data = try SelfDistillationTrainerTests.data(labelsPerClass: 2)
    let teacher = TeacherSignals(probabilities: Self.teacher(data).probabilities)
    let e = #expect(throws: ConfigurationError.self) {
      try Distiller(student: .standard(.gcn), objective: try DistillationObjective(parsing: "kd=1,lsp=0.1"))
        .train(on: data, teacher: teacher, seed: 0)
    }
    #expect(e?.description.contains("teacher's hidden representation") == true)
  }
}

#if canImport(Foundation)
  import Foundation
#endif
