import Foundation
import SwiftProtobuf
import Tensors

/// Assembles an ONNX graph node by node: unique value names, initializers from ``Tensor``s and
/// Swift arrays, and the operators' attributes, over the generated `onnx.proto` types
/// (`ONNX/onnx.pb.swift`, made by protoc-gen-swift from the `onnx` package's `onnx/onnx.proto`).
struct ONNXGraphBuilder {
  /// The graph so far.
  private(set) var graph = Onnx_GraphProto()
  private var counter = 0

  init(name: String) { graph.name = name }

  /// A fresh value name with a readable prefix.
  mutating func fresh(_ prefix: String) -> String {
    counter += 1
    return "\(prefix)_\(counter)"
  }

  /// Adds `op` reading `inputs` and returns its single output's name.
  @discardableResult
  mutating func node(
    _ op: String, _ inputs: [String], name prefix: String? = nil, output: String? = nil,
    attributes: [Onnx_AttributeProto] = []
  ) -> String {
    let out = output ?? fresh(prefix ?? op.lowercased())
    var n = Onnx_NodeProto()
    n.opType = op
    n.name = fresh("node_" + op.lowercased())
    n.input = inputs
    n.output = [out]
    n.attribute = attributes
    graph.node.append(n)
    return out
  }

  /// A float32 initializer holding `tensor` (its shape), returning its name.
  mutating func initializer(_ name: String, _ tensor: Tensor) -> String {
    floatInitializer(name, dims: tensor.shape, values: tensor.scalars)
  }

  /// A float32 initializer of `dims` holding `values` (little-endian raw data).
  mutating func floatInitializer(_ name: String, dims: [Int], values: [Float]) -> String {
    var t = Onnx_TensorProto()
    t.name = name
    t.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
    t.dims = dims.map(Int64.init)
    t.rawData = values.map(\.bitPattern.littleEndian).withUnsafeBufferPointer { Data(buffer: $0) }
    graph.initializer.append(t)
    return name
  }

  /// An int64 initializer of `dims` holding `values`.
  mutating func integerInitializer(_ name: String, dims: [Int], values: [Int64]) -> String {
    var t = Onnx_TensorProto()
    t.name = name
    t.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
    t.dims = dims.map(Int64.init)
    t.rawData = values.map(\.littleEndian).withUnsafeBufferPointer { Data(buffer: $0) }
    graph.initializer.append(t)
    return name
  }

  /// A graph input or output: `elementType` (`.float`, `.int64`) with `dims`, each a fixed size
  /// or a symbolic name such as `"nodes"`.
  static func value(_ name: String, _ elementType: Onnx_TensorProto.DataType, dims: [DimensionSize])
    -> Onnx_ValueInfoProto
  {
    var v = Onnx_ValueInfoProto()
    v.name = name
    v.type.tensorType.elemType = Int32(elementType.rawValue)
    v.type.tensorType.shape.dim = dims.map { d in
      var dim = Onnx_TensorShapeProto.Dimension()
      switch d {
      case .fixed(let n): dim.dimValue = Int64(n)
      case .symbolic(let s): dim.dimParam = s
      }
      return dim
    }
    return v
  }

  /// One dimension of a graph input or output.
  enum DimensionSize {
    case fixed(Int)
    case symbolic(String)
  }

  mutating func addInput(_ v: Onnx_ValueInfoProto) { graph.input.append(v) }
  mutating func addOutput(_ v: Onnx_ValueInfoProto) { graph.output.append(v) }

  // MARK: Attributes

  static func attribute(_ name: String, int value: Int) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name
    a.type = .int
    a.i = Int64(value)
    return a
  }

  static func attribute(_ name: String, float value: Float) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name
    a.type = .float
    a.f = value
    return a
  }

  static func attribute(_ name: String, string value: String) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name
    a.type = .string
    a.s = Data(value.utf8)
    return a
  }

  static func attribute(_ name: String, tensor value: Onnx_TensorProto) -> Onnx_AttributeProto {
    var a = Onnx_AttributeProto()
    a.name = name
    a.type = .tensor
    a.t = value
    return a
  }

  /// A one-element float tensor, for `ConstantOfShape`'s value.
  static func scalarTensor(_ value: Float) -> Onnx_TensorProto {
    var t = Onnx_TensorProto()
    t.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
    t.dims = [1]
    t.floatData = [value]
    return t
  }
}
