import Foundation
import GNN
import GraphData
import SwiftProtobuf
import Tensors

/// Turns a saved MLP, GCN or SIGN node classifier into an ONNX model (opset 17, IR version 8) that
/// onnxruntime and other runtimes execute without Swift: the feature preparation the model
/// expects, every layer, the calibration temperature and the softmax are in the graph.
///
/// Inputs and outputs (N nodes, E edges, F features, C classes; N and E are symbolic):
///
/// | name | type | |
/// | --- | --- | --- |
/// | `features` | float32 [N, F] | raw node features, as in the graph file (row-normalised inside the graph when the model was trained so) |
/// | `edge_index` | int64 [2, E] | GCN and SIGN only: row 0 the source node j, row 1 the target node i of every stored edge j → i (both directions for an undirected graph, no self loops), as PyG's `edge_index` |
/// | `edge_weight` | float32 [E] | GCN and SIGN only: each edge's weight (ones for an unweighted graph) |
/// | `logits` | float32 [N, C] | output: class scores |
/// | `probabilities` | float32 [N, C] | output: `softmax(logits / T)` (T = 1 without calibration) |
///
/// A GCN layer inside the graph computes Kipf & Welling's `Â H W + b` from the edge list:
/// degrees `d_i = 1 + Σ_{j→i} w_ji` (a `ScatterND` with `reduction = add`), edge coefficients
/// `w_ji / √(d_i d_j)` and the self loop `1/d_i`, messages gathered from the source rows of
/// `H W` and summed into the targets by `ScatterND`. SIGN's first layer computes hop k as
/// `Â^k (X W_k) + b_k` with the same propagation, the hops joined by `Concat`. Â is never
/// materialised, so the model serves graphs of any size; a request for a few nodes passes their
/// L-hop neighbourhood (L = the GCN's layers, SIGN's K).
///
/// ```swift
/// let trained = try TrainedNodeClassifier(contentsOf: URL(fileURLWithPath: "mlp.h5"))
/// let bytes = try ONNXExporter.export(trained)
/// try bytes.write(to: URL(fileURLWithPath: "mlp.onnx"))
/// ```
public enum ONNXExporter {
  /// The operator set the graph uses (`ScatterND` with a reduction needs 16).
  public static let opset: Int64 = 17
  /// The ONNX IR version written.
  public static let irVersion: Int64 = 8

  /// A model the exporter cannot express.
  public struct UnsupportedModel: Error, CustomStringConvertible {
    /// What is not supported, and what is.
    public var description: String
  }

  /// The ONNX model for `trained`, serialized.
  /// - Throws: ``UnsupportedModel`` for architectures other than MLP, GCN and SIGN, or a teacher whose
  ///   output is an ensemble of auxiliary heads.
  public static func export(_ trained: TrainedNodeClassifier, producerVersion: String = "") throws -> Data {
    try model(trained, producerVersion: producerVersion).serializedData()
  }

  /// The ONNX model for `trained`.
  static func model(_ trained: TrainedNodeClassifier, producerVersion: String) throws -> Onnx_ModelProto {
    let model = trained.model
    let configuration = model.configuration
    guard [.mlp, .gcn, .sign].contains(configuration.architecture) else {
      throw UnsupportedModel(
        description:
          "ONNX export supports mlp, gcn and sign models; this one is \(configuration.architecture.rawValue)")
    }
    guard !trained.inference.headEnsemble else {
      throw UnsupportedModel(description: "ONNX export does not support a head-ensemble teacher's output")
    }
    let usesEdges = configuration.architecture != .mlp
    var b = ONNXGraphBuilder(name: "graphkd_\(configuration.architecture.rawValue)")
    b.addInput(ONNXGraphBuilder.value("features", .float, dims: [.symbolic("nodes"), .fixed(model.inputDimension)]))

    var h = "features"
    if trained.preparation.rowNormalizeFeatures {
      // x / rowsum(x), rows summing to zero left as they are.
      let axes = b.integerInitializer("axis_1", dims: [1], values: [1])
      let sum = b.node("ReduceSum", [h, axes], name: "row_sum", attributes: [.init(int: "keepdims", 1)])
      let zero = b.floatInitializer("zero", dims: [], values: [0])
      let one = b.floatInitializer("one", dims: [], values: [1])
      let isZero = b.node("Equal", [sum, zero])
      let divisor = b.node("Where", [isZero, one, sum])
      h = b.node("Div", [h, divisor], name: "normalized_features")
    }

    var graph: GCNGraph? = nil
    if usesEdges {
      b.addInput(ONNXGraphBuilder.value("edge_index", .int64, dims: [.fixed(2), .symbolic("edges")]))
      b.addInput(ONNXGraphBuilder.value("edge_weight", .float, dims: [.symbolic("edges")]))
      graph = GCNGraph(builder: &b, features: "features")
    }

    let layers = model.layers
    for (index, layer) in layers.enumerated() {
      let prefix = "layer\(index + 1)"
      if let sign = layer as? SIGNInception, let graph {
        h = try activation(
          configuration.activation, signInception(sign, h, graph: graph, builder: &b, prefix: prefix), builder: &b)
        continue
      }
      let linear: Linear
      if let gcn = layer as? GCNConv {
        linear = gcn.linear
      } else if let l = layer as? Linear {
        linear = l
      } else {
        throw UnsupportedModel(description: "ONNX export: unexpected layer \(type(of: layer)) in \(prefix)")
      }
      let weight = b.initializer("\(prefix).weight", linear.weight.value)
      var out = b.node("MatMul", [h, weight], name: "\(prefix)_xw")
      if let graph, layer is GCNConv {
        out = graph.propagate(out, width: linear.weight.value.columnCount, builder: &b, prefix: prefix)
      }
      if let bias = linear.bias {
        out = b.node("Add", [out, b.initializer("\(prefix).bias", bias.value)], name: "\(prefix)_out")
      }
      if index < layers.count - 1 {
        out = try activation(configuration.activation, out, builder: &b)
      }
      h = out
    }
    let logits = b.node("Identity", [h], output: "logits")
    var scaled = logits
    if let t = trained.inference.temperature, t != 1 {
      scaled = b.node("Div", [logits, b.floatInitializer("temperature", dims: [], values: [t])], name: "scaled")
    }
    b.node("Softmax", [scaled], output: "probabilities", attributes: [.init(int: "axis", -1)])
    let c = model.classCount
    b.addOutput(ONNXGraphBuilder.value("logits", .float, dims: [.symbolic("nodes"), .fixed(c)]))
    b.addOutput(ONNXGraphBuilder.value("probabilities", .float, dims: [.symbolic("nodes"), .fixed(c)]))

    var m = Onnx_ModelProto()
    m.irVersion = irVersion
    m.producerName = "GraphKD"
    m.producerVersion = producerVersion
    m.docString =
      "GraphKD \(configuration.architecture.rawValue) node classifier"
      + (trained.provenance.name.map { " '\($0)'" } ?? "") + "; see docs/model-schema.md"
    var opsetImport = Onnx_OperatorSetIdProto()
    opsetImport.domain = ""
    opsetImport.version = opset
    m.opsetImport = [opsetImport]
    m.graph = b.graph
    return m
  }

  /// SIGN's `[X W₀ + b₀ ‖ Â X W₁ + b₁ ‖ … ‖ Â^K X W_K + b_K]`, each hop's projection
  /// propagated k times.
  private static func signInception(
    _ layer: SIGNInception, _ x: String, graph: GCNGraph, builder b: inout ONNXGraphBuilder, prefix: String
  ) -> String {
    var blocks: [String] = []
    for (k, hop) in layer.hops.enumerated() {
      let name = "\(prefix).hop\(k)"
      var out = b.node("MatMul", [x, b.initializer("\(name).weight", hop.weight.value)], name: "\(prefix)_hop\(k)_xw")
      for step in 0..<k {
        out = graph.propagate(
          out, width: hop.weight.value.columnCount, builder: &b, prefix: "\(prefix)_hop\(k)_step\(step + 1)")
      }
      if let bias = hop.bias {
        out = b.node("Add", [out, b.initializer("\(name).bias", bias.value)], name: "\(prefix)_hop\(k)_out")
      }
      blocks.append(out)
    }
    return blocks.count == 1
      ? blocks[0] : b.node("Concat", blocks, name: "\(prefix)_out", attributes: [.init(int: "axis", 1)])
  }

  private static func activation(_ a: Activation, _ x: String, builder b: inout ONNXGraphBuilder) throws -> String {
    switch a {
    case .relu: return b.node("Relu", [x])
    case .elu: return b.node("Elu", [x], attributes: [.init(float: "alpha", 1)])
    case .tanh: return b.node("Tanh", [x])
    case .leakyRelu: return b.node("LeakyRelu", [x], attributes: [.init(float: "alpha", 0.2)])
    case .identity: return x
    }
  }

  /// The edge-list pieces every GCN layer shares: source and target ids, and the normalised
  /// coefficients of the edges and of the self loops.
  struct GCNGraph {
    let source: String
    let target: String
    let edgeCoefficient: String
    let selfCoefficient: String
    let nodeCountShape: String

    init(builder b: inout ONNXGraphBuilder, features: String) {
      let zeroIndex = b.integerInitializer("index_0", dims: [], values: [0])
      let oneIndex = b.integerInitializer("index_1", dims: [], values: [1])
      source = b.node("Gather", ["edge_index", zeroIndex], name: "source", attributes: [.init(int: "axis", 0)])
      target = b.node("Gather", ["edge_index", oneIndex], name: "target", attributes: [.init(int: "axis", 0)])
      nodeCountShape = b.node("Shape", [features], name: "node_count", attributes: [.init(int: "end", 1)])
      let zeros = b.node(
        "ConstantOfShape", [nodeCountShape], name: "zero_degrees",
        attributes: [.init(tensor: "value", ONNXGraphBuilder.scalarTensor(0))])
      let axes = b.integerInitializer("axis_1_unsqueeze", dims: [1], values: [1])
      let targetColumn = b.node("Unsqueeze", [target, axes], name: "target_column")
      let summed = b.node(
        "ScatterND", [zeros, targetColumn, "edge_weight"], name: "weighted_in_degree",
        attributes: [.init(string: "reduction", "add")])
      let degree = b.node("Add", [summed, b.floatInitializer("self_loop", dims: [], values: [1])], name: "degree")
      let inverseRoot = b.node(
        "Div", [b.floatInitializer("unit", dims: [], values: [1]), b.node("Sqrt", [degree])], name: "inv_sqrt_degree")
      let atTarget = b.node("Gather", [inverseRoot, target], attributes: [.init(int: "axis", 0)])
      let atSource = b.node("Gather", [inverseRoot, source], attributes: [.init(int: "axis", 0)])
      let coefficient = b.node("Mul", [b.node("Mul", [atTarget, "edge_weight"]), atSource], name: "edge_coefficient")
      edgeCoefficient = b.node("Unsqueeze", [coefficient, axes], name: "edge_coefficient_column")
      selfCoefficient = b.node(
        "Unsqueeze", [b.node("Mul", [inverseRoot, inverseRoot]), axes], name: "self_coefficient_column")
      self.targetColumn = targetColumn
    }

    let targetColumn: String

    /// `Â · xw` for a `[N, width]` input.
    func propagate(_ xw: String, width: Int, builder b: inout ONNXGraphBuilder, prefix: String) -> String {
      let messages = b.node(
        "Mul", [b.node("Gather", [xw, source], attributes: [.init(int: "axis", 0)]), edgeCoefficient],
        name: "\(prefix)_messages")
      let shape = b.node(
        "Concat", [nodeCountShape, b.integerInitializer("\(prefix)_width", dims: [1], values: [Int64(width)])],
        name: "\(prefix)_shape", attributes: [.init(int: "axis", 0)])
      let zeros = b.node(
        "ConstantOfShape", [shape], name: "\(prefix)_zeros",
        attributes: [.init(tensor: "value", ONNXGraphBuilder.scalarTensor(0))])
      let aggregated = b.node(
        "ScatterND", [zeros, targetColumn, messages], name: "\(prefix)_aggregated",
        attributes: [.init(string: "reduction", "add")])
      let loops = b.node("Mul", [xw, selfCoefficient], name: "\(prefix)_self")
      return b.node("Add", [aggregated, loops], name: "\(prefix)_propagated")
    }
  }
}

extension Onnx_AttributeProto {
  init(int name: String, _ value: Int) { self = ONNXGraphBuilder.attribute(name, int: value) }
  init(float name: String, _ value: Float) { self = ONNXGraphBuilder.attribute(name, float: value) }
  init(string name: String, _ value: String) { self = ONNXGraphBuilder.attribute(name, string: value) }
  init(tensor name: String, _ value: Onnx_TensorProto) { self = ONNXGraphBuilder.attribute(name, tensor: value) }
}
