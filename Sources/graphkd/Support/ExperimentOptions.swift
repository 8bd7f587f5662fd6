import ArgumentParser
import Distillation
import Foundation
import GNN
import GraphKD

/// Options shared by the commands that train a teacher (`self-distill`, `evaluate`, `run`).
struct TeacherOptions: ParsableArguments {
  @Option(help: "Backbone: \(ModelConfiguration.Architecture.allCases.map(\.rawValue).joined(separator: ", ")).")
  var model: ModelConfiguration.Architecture = .gcn

  @Option(
    help: "Self-distillation variant: \(SelfDistillationVariant.allCases.map(\.rawValue).joined(separator: ", ")).")
  var variant: SelfDistillationVariant = .standard

  @Option(help: "A JSON file with a SelfDistillationConfiguration (overrides --variant).")
  var selfDistillationConfig: String?

  @Option(help: "Maximum epochs per generation (default: the variant's, else the backbone's standard).")
  var epochs: Int?

  @Option(
    help: "APPNP and SIGN: propagation steps K; GCNII: its number of layers L (default: the backbone's standard).")
  var steps: Int?

  /// The backbone, training and self-distillation settings these options describe.
  func configurations() throws -> (ModelConfiguration, TrainingConfiguration, SelfDistillationConfiguration) {
    var m = ModelConfiguration.standard(model)
    if let steps { m.propagationSteps = steps }
    var t = TrainingConfiguration.standard(model)
    if let epochs { t.epochs = epochs }  // with sd.epochs below, this fixes the count exactly
    var sd = variant.configuration
    if let path = selfDistillationConfig {
      do {
        sd = try StrictJSON.decode(
          SelfDistillationConfiguration.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
      } catch {
        throw ValidationError("\(path): not a valid self-distillation configuration (\(error))")
      }
    }
    if let epochs { sd.epochs = epochs }
    try m.validate()
    try t.validate()
    try sd.validate()
    return (m, t, sd)
  }
}

extension SelfDistillationVariant: ExpressibleByArgument {}
