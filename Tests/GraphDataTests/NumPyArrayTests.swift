import Foundation
import Testing

@testable import GraphData

@Suite("NumPyArray")
struct NumPyArrayTests {
  /// An `.npy` file with header version `major` and dictionary `header`.
  private func npy(_ header: String, payload: [UInt8], major: UInt8 = 1) -> Data {
    var text = header
    let prefix = major == 1 ? 10 : 12
    text += String(repeating: " ", count: (64 - (prefix + text.utf8.count + 1) % 64) % 64) + "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, 0]
    let n = text.utf8.count
    bytes += major == 1 ? [UInt8(n & 0xFF), UInt8(n >> 8)] : [UInt8(n & 0xFF), UInt8(n >> 8), 0, 0]
    return Data(bytes + Array(text.utf8) + payload)
  }

  @Test func fortranOrderMatrixBecomesRowMajor() throws {
    // [[1, 2, 3], [4, 5, 6]] stored column by column.
    let payload = [1, 4, 2, 5, 3, 6].flatMap { (v: Int32) in withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    let data = npy("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }", payload: payload, major: 2)
    let a = try NumPyArray(parsing: data, file: "f", field: "x")
    let m = try a.matrix(file: "f", field: "x")
    #expect(m.rows == 2 && m.columns == 3)
    #expect(m.values == [1, 2, 3, 4, 5, 6])
  }

  @Test func halfPrecisionAndBigEndianDoubles() throws {
    let half = [Float16(1.5), Float16(-2)].flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
    let a = try NumPyArray(
      parsing: npy("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", payload: half), file: "f", field: "h")
    #expect(try a.floats(file: "f", field: "h") == [1.5, -2])
    let big = [0.25, 1e10].flatMap { (v: Double) in withUnsafeBytes(of: v.bitPattern.bigEndian) { Array($0) } }
    let b = try NumPyArray(
      parsing: npy("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", payload: big), file: "f", field: "d")
    #expect(try b.floats(file: "f", field: "d") == [0.25, 1e10])
  }

  @Test func unicodeAndByteStrings() throws {
    let u = "héllo".unicodeScalars.map(\.value) + [0x1F600, 0, 0, 0, 0]
    let payload = u.flatMap { v in withUnsafeBytes(of: v.bigEndian) { Array($0) } }
    let a = try NumPyArray(
      parsing: npy("{'descr': '>U5', 'fortran_order': False, 'shape': (2,), }", payload: payload), file: "f", field: "s"
    )
    #expect(try a.strings(file: "f", field: "s") == ["héllo", "😀"])
  }

  @Test func truncatedPayload() throws {
    let data = npy(
      "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", payload: [UInt8](repeating: 0, count: 20))
    let error = expectGraphDataError(.corruptFile) { _ = try NumPyArray(parsing: data, file: "g.npz", field: "labels") }
    #expect(
      error?.description == "g.npz: field 'labels': expected 24 bytes of data for shape [3] and dtype '<i8', but got 20"
    )
  }

  @Test func notNumPy() throws {
    let error = expectGraphDataError(.corruptFile) {
      _ = try NumPyArray(parsing: Data("PK\u{3}\u{4}junkjunk".utf8), file: "g.npz", field: "x")
    }
    #expect(error?.description.contains("without the \\x93NUMPY signature") == true)
  }
}
