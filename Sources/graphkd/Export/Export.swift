import ArgumentParser
import Foundation
import GraphKD

/// `graphkd export`: a saved model in a format other runtimes serve.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Export a saved MLP, GCN or SIGN node classifier as an ONNX model for serving outside Swift.",
    discussion: """
      The ONNX graph (opset \(ONNXExporter.opset)) takes `features` [N, F] (raw, as in the graph \
      file) and, for a GCN or SIGN model, `edge_index` int64 [2, E] (source row, target row; both directions, no \
      self loops) and `edge_weight` float32 [E]; it outputs `logits` and `probabilities` [N, C]. \
      Feature normalisation, the normalised adjacency and the teacher's temperature are \
      computed inside the graph (docs/model-schema.md).

      Example: graphkd export runs/cora-public-seed0/models/mlp.h5 --format onnx -o mlp.onnx
      """)

  /// Export formats.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case onnx
  }

  @Argument(help: "The model file (HDF5, GraphKD model schema).")
  var model: String

  @Option(help: "The format: onnx.")
  var format: Format = .onnx

  @Option(name: [.customShort("o"), .long], help: "The output file.")
  var output: String

  @Flag(help: "Replace an existing output.")
  var force = false

  func validate() throws {
    guard FileManager.default.fileExists(atPath: model) else { throw ValidationError("\(model): no such file.") }
    if !force && FileManager.default.fileExists(atPath: output) {
      throw ValidationError("\(output): exists; pass --force to replace it.")
    }
  }

  func run() throws {
    let trained = try TrainedNodeClassifier(contentsOf: URL(fileURLWithPath: model))
    let bytes: Data
    do {
      bytes = try ONNXExporter.export(trained, producerVersion: GraphKDVersion.string)
    } catch let error as ONNXExporter.UnsupportedModel {
      throw ValidationError("\(model): \(error)")
    }
    // Foundation's atomic write: a temporary file renamed into place.
    try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
    print("wrote \(output) (\(bytes.count) bytes, ONNX opset \(ONNXExporter.opset))")
  }
}
