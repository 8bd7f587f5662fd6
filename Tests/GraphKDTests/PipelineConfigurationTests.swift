import Foundation
import GraphKD
import Testing

@Suite struct PipelineConfigurationTests {
  @Test func anEmptyObjectDecodesToTheDefaults() throws {
    let c = try JSONDecoder().decode(PipelineConfiguration.self, from: Data("{}".utf8))
    #expect(c == PipelineConfiguration())
    #expect(c.split.name == "public" && c.split.labelsPerClass == nil && c.seeds == [0])
    #expect(c.teacher.variant == .standard && c.teacher.architecture == nil && c.teacher.choosesBackbone)
    #expect(c.teacher.candidates == [.mlp, .gcn, .sage, .appnp, .gat])
    #expect(c.students.map(\.name) == ["gcn-8", "mlp"])
  }

  @Test func aPartialObjectOverridesOnlyWhatItNames() throws {
    let json = """
      {"split": {"labelsPerClass": 5}, "seeds": [3, 4],
       "teacher": {"architecture": "gat", "variant": "plain", "epochs": 50},
       "students": [{"architecture": "gcn", "hiddenDimensions": [8], "name": "gcn-small"}]}
      """
    let c = try JSONDecoder().decode(PipelineConfiguration.self, from: Data(json.utf8))
    #expect(c.split.labelsPerClass == 5 && c.split.validationSize == 500)
    #expect(c.split.splitName(seed: 3) == "k5_seed3")
    #expect(c.seeds == [3, 4])
    let (model, training, sd) = try c.teacher.configurations()
    #expect(model.architecture == .gat && training.epochs == 50 && sd.epochs == 50)
    #expect(c.students[0].model.hiddenDimensions == [8])
    #expect(c.students[0].objective == StudentSettings.defaultObjective)
  }

  @Test func theTeachersBackboneIsChosenUnlessNamed() throws {
    func teacher(_ json: String) throws -> TeacherSettings {
      try JSONDecoder().decode(TeacherSettings.self, from: Data(json.utf8))
    }
    #expect(try teacher(#"{"architecture": "auto"}"#).backboneSelection?.candidates.count == 5)
    let some = try teacher(#"{"candidates": ["mlp", "gcn"], "epochs": 7}"#)
    #expect(some.backboneSelection?.candidates == [.mlp, .gcn] && some.backboneSelection?.epochs == 7)
    #expect(try teacher(#"{"architecture": "sage"}"#).backboneSelection == nil)
    // A full model configuration names the backbone too.
    #expect(TeacherSettings(model: .standard(.gcn)).backboneSelection == nil)
    let e = #expect(throws: ConfigurationError.self) { try teacher(#"{"architecture": "gnn"}"#) }
    #expect(e?.setting == "teacher.architecture" && e?.expected.hasPrefix("auto, ") == true)
    let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(TeacherSettings())) as? [String: Any]
    #expect(encoded?["architecture"] as? String == "auto")
    var bad = PipelineConfiguration()
    bad.teacher.candidates = []
    #expect(throws: ConfigurationError.self) { try bad.validate() }
    bad.teacher.candidates = [.gcn, .gcn]
    #expect(throws: ConfigurationError.self) { try bad.validate() }
    bad.teacher.architecture = .gcn  // a named backbone ignores the candidates
    try bad.validate()
  }

  @Test func encodingRoundTrips() throws {
    var c = PipelineConfiguration(seeds: [1, 2])
    c.students.append(try StudentSettings(specification: "gcn:hidden=8,lsp=0.1,kd=1,name=small"))
    let back = try JSONDecoder().decode(PipelineConfiguration.self, from: JSONEncoder().encode(c))
    #expect(back == c)
  }

  @Test func validationNamesTheBadSetting() {
    func setting(_ change: (inout PipelineConfiguration) -> Void) -> String? {
      var c = PipelineConfiguration()
      change(&c)
      do {
        try c.validate()
        return nil
      } catch let e as ConfigurationError {
        return e.setting
      } catch {
        return "\(error)"
      }
    }
    #expect(setting { _ in } == nil)
    #expect(setting { $0.seeds = [] } == "seeds")
    #expect(setting { $0.seeds = [1, 1] } == "seeds")
    #expect(setting { $0.split.labelsPerClass = 0 } == "split.labelsPerClass")
    #expect(setting { $0.students = [] } == "students")
    #expect(setting { $0.students += $0.students } == "students")
    #expect(setting { $0.cost.repetitions = 0 } == "cost.repetitions")
    #expect(setting { $0.students[0].objective.alpha = 2 } == "student 'gcn-8'.objective.alpha")
  }

  @Test func studentSpecificationsParse() throws {
    let s = try StudentSettings(specification: "gcn:hidden=8x4,dropout=0.2,T=3,alpha=0.25,kd=1,lsp=0.5,name=tiny")
    #expect(s.name == "tiny" && s.architecture == .gcn)
    #expect(s.model.hiddenDimensions == [8, 4] && s.model.dropout == 0.2)
    #expect(s.objective.temperature == 3 && s.objective.alpha == 0.25)
    #expect(s.objective.terms == [.init(name: "kd", weight: 1), .init(name: "lsp", weight: 0.5)])
    let plain = try StudentSettings(specification: "mlp")
    #expect(plain.name == "mlp" && plain.objective == StudentSettings.defaultObjective)
  }

  @Test func badStudentSpecificationsSayWhatIsAccepted() {
    for spec in ["transformer", "mlp:hidden=0", "mlp:hidden=a", "mlp:wings=2", "mlp:alpha=3", "mlp:kd=-1", "mlp:T"] {
      #expect(throws: ConfigurationError.self, "\(spec)") { try StudentSettings(specification: spec) }
    }
    do {
      _ = try StudentSettings(specification: "mlp:wings=2")
    } catch let e as ConfigurationError {
      #expect(e.expected.contains("hidden") && e.expected.contains("lsp"))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }
}

@Suite struct PipelineConfigurationStrictnessTests {
  @Test func aMistypedKeyIsAnErrorNamingItAndTheKnownOnes() {
    for (json, key) in [
      (#"{"seed": [1]}"#, "seed"), (#"{"teacher": {"varient": "plain"}}"#, "varient"),
      (#"{"students": [{"architecture": "mlp", "hidden": [8]}]}"#, "hidden"),
    ] {
      do {
        _ = try JSONDecoder().decode(PipelineConfiguration.self, from: Data(json.utf8))
        Issue.record("\(json) decoded")
      } catch {
        #expect("\(error)".contains("unknown key '\(key)'"), "\(error)")
        #expect("\(error)".contains("known keys"), "\(error)")
      }
    }
  }

  /// `{"teacher": {"selfDistillation": <the standard configuration>}}` with `"wieght": 1` added
  /// to its mean teacher.
  static func standardWithTypo() throws -> String {
    let encoded = try JSONEncoder().encode(SelfDistillationConfiguration.standard)
    var sd = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
    var meanTeacher = try #require(sd["meanTeacher"] as? [String: Any])
    meanTeacher["wieght"] = 1
    sd["meanTeacher"] = meanTeacher
    let data = try JSONSerialization.data(withJSONObject: ["teacher": ["selfDistillation": sd]])
    return String(decoding: data, as: UTF8.self)
  }

  /// Nested objects the configuration decodes with their own types (a student's objective, the
  /// teacher's model and self-distillation) are checked at every depth, with the key's path.
  @Test func aMistypedNestedKeyIsAnErrorNamingItsPath() throws {
    for (json, path) in [
      (#"{"students": [{"architecture": "mlp", "objective": {"temprature": 3}}]}"#, "students[0].objective.temprature"),
      (
        #"{"teacher": {"model": {"architecture": "gcn", "hiddenDimensions": [8], "dropout": 0.5, "inputDropout": 0.5, "activation": "relu", "heads": 1, "outputHeads": 1, "attentionDropout": 0, "propagationSteps": 1, "teleport": 0.1, "auxiliaryHeads": false, "hiden": 3}}}"#,
        "teacher.model.hiden"
      ),
      (try Self.standardWithTypo(), "teacher.selfDistillation.meanTeacher.wieght"),
    ] {
      do {
        _ = try StrictJSON.decode(PipelineConfiguration.self, from: Data(json.utf8))
        Issue.record("\(json) decoded")
      } catch let e as ConfigurationError {
        #expect(e.setting == path && e.expected.contains("known here"), "\(e)")
      } catch {
        // A nested type may refuse the object itself first (e.g. a missing required key).
        #expect("\(error)".contains(path.split(separator: ".").last!), "\(json): \(error)")
      }
    }
    // A key given as null is a key not given; a valid nested object decodes.
    let c = try StrictJSON.decode(
      PipelineConfiguration.self,
      from: Data(#"{"inductive": null, "students": [{"architecture": "mlp", "objective": {"temperature": 3}}]}"#.utf8))
    #expect(c.students[0].objective.temperature == 3 && c.inductive == nil)
  }
}
