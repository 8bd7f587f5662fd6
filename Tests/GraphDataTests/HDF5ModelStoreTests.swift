import Foundation
import Tensors
import Testing

@testable import GraphData

/// The model-file container: what is written is read back unchanged, writes are atomic, and
/// every kind of bad model file is refused with the file, the HDF5 path and what was expected.
@Suite("HDF5 model store")
struct HDF5ModelStoreTests {
  static func sample() throws -> StoredModel {
    StoredModel(
      kind: "node_classifier", configuration: #"{"architecture":"mlp"}"#,
      documents: ["provenance": #"{"seed":3}"#, "inference": "{}"],
      integers: ["input_dimension": 3, "class_count": 2], classNames: ["yes", "no, really"],
      parameters: [
        "layer1/weight": try Tensor(shape: [3, 2], scalars: [1, -2, 3.5, 0, .leastNonzeroMagnitude, 1e30]),
        "layer1/bias": try Tensor(shape: [2], scalars: [0.25, -0.5]),
        "layer2/neighbor/weight": try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]),
      ])
  }

  @Test func writesAndReadsEveryPartUnchanged() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("model.h5")
    let model = try Self.sample()
    try HDF5ModelStore.write(model, to: url)
    #expect(try HDF5ModelStore.read(from: url) == model)
    // Only the file itself: the temporary copy was renamed.
    #expect(try dir.contents() == ["model.h5"])
  }

  @Test func anExistingOutputIsKeptUnlessOverwriting() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("model.h5")
    var model = try Self.sample()
    try HDF5ModelStore.write(model, to: url)
    let before = try Data(contentsOf: url)
    model.kind = "other"
    _ = expectGraphDataError(.outputExists) { try HDF5ModelStore.write(model, to: url) }
    #expect(try Data(contentsOf: url) == before)
    try HDF5ModelStore.write(model, to: url, overwrite: true)
    #expect(try HDF5ModelStore.read(from: url).kind == "other")
  }

  @Test func refusesToWriteWhatItCouldNotReadBack() throws {
    let dir = try TemporaryDirectory()
    var model = try Self.sample()
    model.parameters["bad//name"] = try Tensor(shape: [1], scalars: [1])
    let e1 = expectGraphDataError(.value) { try HDF5ModelStore.write(model, to: dir.file("a.h5")) }
    #expect(e1?.description.contains("/parameters/bad//name") == true, "\(String(describing: e1))")
    model = try Self.sample()
    model.documents["format"] = "{}"
    _ = expectGraphDataError(.value) { try HDF5ModelStore.write(model, to: dir.file("b.h5")) }
    #expect(try dir.contents().isEmpty)
  }

  /// Writes the sample, then lets `body` damage it through the HDF5 layer.
  private func damaged(_ dir: TemporaryDirectory, _ body: (HDF5Group) throws -> Void) throws -> URL {
    let url = dir.file("bad.h5")
    try HDF5ModelStore.write(try Self.sample(), to: url, overwrite: true)
    let file = try HDF5File.open(at: url.path, writable: true)
    try body(try file.root())
    try file.close()
    return url
  }

  @Test func aGraphFileIsNotAModelFile() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("graph.h5")
    try HDF5GraphStore.write(try SampleGraphs.complete(), to: url)
    let error = expectGraphDataError(.value) { _ = try HDF5ModelStore.read(from: url) }
    #expect(error?.description.contains("attribute '/format'") == true)
    #expect(error?.description.contains("this is a graph file") == true, "\(String(describing: error))")
  }

  @Test func anotherVersionIsRefused() throws {
    let dir = try TemporaryDirectory()
    let url = try damaged(dir) { try $0.setAttribute("format_version", integer: 2) }
    let error = expectGraphDataError(.unsupportedVersion) { _ = try HDF5ModelStore.read(from: url) }
    #expect(
      error?.description.hasSuffix(
        "bad.h5: attribute '/format_version': expected 1 (the model schema version this GraphKD reads), but got 2")
        == true, "\(String(describing: error))")
  }

  @Test func aMissingKindOrConfigurationIsNamed() throws {
    let dir = try TemporaryDirectory()
    for name in ["kind", "config"] {
      let url = try damaged(dir) { try $0.removeAttribute(name) }
      let error = expectGraphDataError(.missingField) { _ = try HDF5ModelStore.read(from: url) }
      #expect(error?.location == .attribute("/\(name)"))
    }
  }

  @Test func parametersMustBeFloat32VectorsOrMatrices() throws {
    let dir = try TemporaryDirectory()
    let double = try damaged(dir) { root in
      let g = try root.openGroup("parameters").openGroup("layer1")
      try g.removeChild("bias")
      try g.createDataset("bias", values: [0.25, -0.5] as [Double], layout: .contiguous)
    }
    let e1 = expectGraphDataError(.wrongType) { _ = try HDF5ModelStore.read(from: double) }
    #expect(e1?.location == .field("/parameters/layer1/bias"))
    #expect(e1?.expected == "float32 values")
    let cube = try damaged(dir) { root in
      let g = try root.openGroup("parameters")
      try g.createDataset("cube", shape: [2, 1, 2], values: [1, 2, 3, 4] as [Float], layout: .contiguous)
    }
    let e2 = expectGraphDataError(.shape) { _ = try HDF5ModelStore.read(from: cube) }
    #expect(e2?.location == .field("/parameters/cube"))
  }

  @Test func aMissingParametersGroupIsNamed() throws {
    let dir = try TemporaryDirectory()
    let url = try damaged(dir) { try $0.removeChild("parameters") }
    let error = expectGraphDataError(.missingField) { _ = try HDF5ModelStore.read(from: url) }
    #expect(error?.location == .field("/parameters"))
  }

  @Test func aTruncatedFileIsCorrupt() throws {
    let dir = try TemporaryDirectory()
    let good = dir.file("good.h5")
    try HDF5ModelStore.write(try Self.sample(), to: good)
    let size = try Data(contentsOf: good).count
    let cut = dir.file("cut.h5")
    try TestFiles.truncate(good, to: cut, keeping: size / 2)
    _ = expectGraphDataError(.corruptFile) { _ = try HDF5ModelStore.read(from: cut) }
  }
}
