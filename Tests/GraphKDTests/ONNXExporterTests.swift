import Foundation
import GraphKD
import Testing

/// The ONNX file's structure: what goes in and out, the weights byte for byte, the operator set,
/// and what is refused. (onnxruntime's numbers are checked by scripts/check_onnx.py.)
@Suite struct ONNXExporterTests {
  static func trained(_ architecture: ModelConfiguration.Architecture, temperature: Float? = nil) throws
    -> TrainedNodeClassifier
  {
    var configuration = ModelConfiguration.standard(architecture)
    configuration.hiddenDimensions = [6]
    let model = try NodeClassifier(
      configuration: configuration, inputDimension: 5, classCount: 3, random: RandomSource(seed: 1))
    return TrainedNodeClassifier(
      model: model, preparation: .init(rowNormalizeFeatures: true, symmetrize: true),
      inference: .init(temperature: temperature))
  }

  @Test func anMLPTakesFeaturesAndCarriesItsWeights() throws {
    let trained = try Self.trained(.mlp)
    let model = try Onnx_ModelProto(serializedBytes: try ONNXExporter.export(trained))
    #expect(model.opsetImport.map(\.version) == [17] && model.irVersion == 8 && model.producerName == "GraphKD")
    #expect(model.graph.input.map(\.name) == ["features"])
    #expect(model.graph.output.map(\.name) == ["logits", "probabilities"])
    let dims = model.graph.input[0].type.tensorType.shape.dim
    #expect(dims.count == 2 && dims[0].dimParam == "nodes" && dims[1].dimValue == 5)
    let weight = try #require(model.graph.initializer.first { $0.name == "layer1.weight" })
    #expect(weight.dims == [5, 6])
    let stored = trained.model.layers.first.flatMap { ($0 as? Linear)?.weight.value.scalars } ?? []
    let bytes = stored.map(\.bitPattern.littleEndian).withUnsafeBufferPointer { Data(buffer: $0) }
    #expect(weight.rawData == bytes)
    let ops = model.graph.node.map(\.opType)
    #expect(ops.contains("ReduceSum") && ops.contains("Relu") && ops.last == "Softmax")
    #expect(!ops.contains("ScatterND") && ops.contains("Div"))
  }

  @Test func aGCNTakesAnEdgeListAndATeacherItsTemperature() throws {
    let model = try Onnx_ModelProto(serializedBytes: try ONNXExporter.export(try Self.trained(.gcn, temperature: 0.5)))
    #expect(model.graph.input.map(\.name) == ["features", "edge_index", "edge_weight"])
    #expect(model.graph.node.filter { $0.opType == "ScatterND" }.count == 3)  // degrees + two layers
    let temperature = try #require(model.graph.initializer.first { $0.name == "temperature" })
    #expect(temperature.rawData == withUnsafeBytes(of: Float(0.5).bitPattern.littleEndian) { Data($0) })
  }

  @Test func aSIGNModelPropagatesHopKKTimesAndJoinsTheHops() throws {
    let model = try Onnx_ModelProto(serializedBytes: try ONNXExporter.export(try Self.trained(.sign)))
    #expect(model.graph.input.map(\.name) == ["features", "edge_index", "edge_weight"])
    // K = 2: degrees once, then hop 1 propagated once and hop 2 twice.
    #expect(model.graph.node.filter { $0.opType == "ScatterND" }.count == 1 + 1 + 2)
    let names = Set(model.graph.initializer.map(\.name))
    #expect((0...2).allSatisfy { names.contains("layer1.hop\($0).weight") && names.contains("layer1.hop\($0).bias") })
    let join = try #require(model.graph.node.first { $0.opType == "Concat" && $0.output[0].hasPrefix("layer1_out") })
    #expect(join.input.count == 3)
  }

  @Test(arguments: [ModelConfiguration.Architecture.gat, .sage, .appnp])
  func otherArchitecturesAreRefused(architecture: ModelConfiguration.Architecture) throws {
    #expect(throws: ONNXExporter.UnsupportedModel.self) { try ONNXExporter.export(try Self.trained(architecture)) }
  }
}
