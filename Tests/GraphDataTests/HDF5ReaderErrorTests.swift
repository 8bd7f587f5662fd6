import Foundation
import Tensors
import Testing

@testable import GraphData

/// Every kind of bad HDF5 input gives a ``GraphDataError`` naming the file, the HDF5 path and
/// what was expected.
@Suite("HDF5 reader errors")
struct HDF5ReaderErrorTests {
  /// Writes the sample graph, then lets `body` damage it through the HDF5 layer.
  private func damagedFile(_ dir: TemporaryDirectory, _ body: (HDF5Group) throws -> Void) throws -> URL {
    let url = dir.file("bad.h5")
    try HDF5GraphStore.write(try SampleGraphs.complete(), to: url, options: .init(compressionLevel: nil))
    let file = try HDF5File.open(at: url.path, writable: true)
    try body(try file.root())
    try file.close()
    return url
  }

  private func replace<T: HDF5Scalar>(_ group: HDF5Group, _ name: String, with values: [T], shape: [Int]? = nil) throws
  {
    try group.removeChild(name)
    try group.createDataset(name, shape: shape, values: values, layout: .contiguous)
  }

  @Test func missingFile() throws {
    let dir = try TemporaryDirectory()
    let error = expectGraphDataError(.missingFile) { _ = try HDF5GraphStore.read(from: dir.file("nope.h5")) }
    #expect(error?.description.hasSuffix("nope.h5: expected an existing file, but got no such file") == true)
  }

  @Test func notAnHDF5File() throws {
    let dir = try TemporaryDirectory()
    let url = dir.file("text.h5")
    try TestFiles.write("hello, I am not HDF5\n", to: url)
    let error = expectGraphDataError(.corruptFile) { _ = try HDF5GraphStore.read(from: url) }
    #expect(error?.description.contains("expected an HDF5 file (the HDF5 signature), but got 21 bytes") == true)
  }

  @Test func truncatedHDF5File() throws {
    let dir = try TemporaryDirectory()
    let good = dir.file("good.h5")
    try HDF5GraphStore.write(try SampleGraphs.complete(), to: good)
    let size = try Data(contentsOf: good).count
    let cut = dir.file("cut.h5")
    try TestFiles.truncate(good, to: cut, keeping: size / 2)
    let error = expectGraphDataError(.corruptFile) { _ = try HDF5GraphStore.read(from: cut) }
    // HDF5's own message is carried.
    #expect(error?.description.contains("truncated file") == true, "\(String(describing: error))")
  }

  @Test func anotherFormatVersion() throws {
    let dir = try TemporaryDirectory()
    let url = try damagedFile(dir) { try $0.setAttribute("format_version", integer: 2) }
    let error = expectGraphDataError(.unsupportedVersion) { _ = try HDF5GraphStore.read(from: url) }
    #expect(
      error?.description.hasSuffix(
        "bad.h5: attribute '/format_version': expected 1 (the schema version this GraphKD reads), but got 2") == true)
  }

  @Test func notAGraphKDFile() throws {
    let dir = try TemporaryDirectory()
    let url = try damagedFile(dir) { try $0.removeAttribute("format") }
    let error = expectGraphDataError(.missingField) { _ = try HDF5GraphStore.read(from: url) }
    #expect(error?.description.contains("attribute '/format': expected a string, but got no such attribute") == true)
  }

  @Test func missingDataset() throws {
    let dir = try TemporaryDirectory()
    let url = try damagedFile(dir) { try $0.openGroup("graph").removeChild("indices") }
    let error = expectGraphDataError(.missingField) { _ = try HDF5GraphStore.read(from: url) }
    #expect(error?.description.contains("field '/graph/indices': expected a dataset, but got nothing") == true)
  }

  @Test func wrongDtype() throws {
    let dir = try TemporaryDirectory()
    let url = try damagedFile(dir) {
      try replace($0.openGroup("graph"), "indices", with: [Float](repeating: 1, count: 8))
    }
    let error = expectGraphDataError(.wrongType) { _ = try HDF5GraphStore.read(from: url) }
    #expect(error?.description.contains("field '/graph/indices': expected an integer dtype, but got float32") == true)
  }

  @Test func nonMonotoneIndptr() throws {
    let dir = try TemporaryDirectory()
    let url = try damagedFile(dir) { try replace($0.openGroup("graph"), "indptr", with: [0, 4, 2, 6, 8, 8] as [Int]) }
    let error = expectGraphDataError(.value) { _ = try HDF5GraphStore.read(from: url) }
    #expect(
      error?.description.contains(
        "field '/graph/indptr': expected non-decreasing values, but got 2 after 4 at position 2")
        == true)
  }

  @Test func indexOutOfRange() throws {
    let dir = try TemporaryDirectory()
    let url = try damagedFile(dir) {
      try replace($0.openGroup("graph"), "indices", with: [1, 3, 0, 2, 1, 3, 0, 9] as [Int32])
    }
    let error = expectGraphDataError(.index) { _ = try HDF5GraphStore.read(from: url) }
    #expect(
      error?.description.contains("field '/graph/indices': expected indices in 0..<5, but got 9 at position 7") == true)
  }

  @Test func labelCountDiffersFromNodeCount() throws {
    let dir = try TemporaryDirectory()
    let url = try damagedFile(dir) { try replace($0, "labels", with: [0, 1, 1, 0] as [Int]) }
    let error = expectGraphDataError(.shape) { _ = try HDF5GraphStore.read(from: url) }
    #expect(
      error?.description.contains("field '/labels': expected 5 values (labels (one per node)), but got 4") == true)
  }

  @Test func labelOutsideTheClasses() throws {
    let dir = try TemporaryDirectory()
    let url = try damagedFile(dir) { try replace($0, "labels", with: [0, 1, 2, 1, 0] as [Int]) }
    let error = expectGraphDataError(.index) { _ = try HDF5GraphStore.read(from: url) }
    #expect(error?.description.contains("field '/labels': expected labels in -1..<2") == true)
  }

  @Test func nonFiniteFeatures() throws {
    let dir = try TemporaryDirectory()
    var values = (0..<15).map { Float($0) }
    values[7] = .nan
    let url = try damagedFile(dir) { try replace($0, "features", with: values, shape: [5, 3]) }
    let error = expectGraphDataError(.nonFinite) { _ = try HDF5GraphStore.read(from: url) }
    #expect(
      error?.description.contains("field '/features': expected finite values, but got nan at row 2, column 1") == true)
  }

  @Test func splitIndexOutOfRange() throws {
    let dir = try TemporaryDirectory()
    let url = try damagedFile(dir) {
      try replace($0.openGroup("splits").openGroup("public"), "test", with: [2, 5] as [Int])
    }
    let error = expectGraphDataError(.index) { _ = try HDF5GraphStore.read(from: url) }
    #expect(
      error?.description.contains("field '/splits/public/test': expected node indices in 0..<5, but got 5") == true)
  }
}
