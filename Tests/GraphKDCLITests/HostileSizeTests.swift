import Foundation
import Testing

/// Files that declare sizes they do not hold are refused before anything is allocated by those
/// sizes, under a 1 GiB address-space limit that obeying them would break: an HDF5 dataset whose
/// extent is 2⁴⁰ (a chunked dataset never written takes a few kilobytes), an NPY header declaring
/// 2⁶² elements, an OGB num-node-list of 10¹².
@Suite struct HostileSizeTests {
  @Test(.enabled(if: PythonScript.has(["h5py", "numpy"])))
  func anHDF5ExtentTheFileCannotHoldIsRefused() throws {
    let dir = try ScratchDirectory()
    let script = """
      import h5py, sys
      with h5py.File(sys.argv[1], "w") as f:
          f.attrs["format"] = "graphkd"
          f.attrs["format_version"] = 1
          f.attrs["directed"] = 0
          g = f.create_group("graph")
          g.create_dataset("indptr", shape=(2**40,), dtype="i8", chunks=(1024,))
          g.create_dataset("indices", shape=(0,), dtype="i4")
      """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script, dir.path("huge.h5")]
    try p.run()
    p.waitUntilExit()
    try #require(p.terminationStatus == 0)
    let r = try GraphKDBinary.run(["inspect", dir.path("huge.h5")], memoryLimitMiB: 1024)
    #expect(r.status != 0)
    #expect(r.standardError.contains("field '/graph/indptr': expected an extent a"), "\(r.standardError)")
    #expect(r.standardError.contains("but got shape [1099511627776]"))
  }

  @Test func anNPYShapeBeyondAnyArrayIsRefused() throws {
    let dir = try ScratchDirectory()
    // A version-1 .npy header declaring shape (2^31, 2^31), and no data.
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648, 2147483648), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    data.append(contentsOf: [UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
    data.append(contentsOf: Array(header.utf8))
    try data.write(to: dir.url.appendingPathComponent("x.npy"))
    try dir.write("edges.csv", "0,1\n")
    let r = try GraphKDBinary.run(
      ["convert", "csv", dir.path("edges.csv"), "--features", dir.path("x.npy"), "-o", dir.path("g.h5")],
      memoryLimitMiB: 1024)
    #expect(r.status != 0)
    #expect(r.standardError.contains("x.npy"), "\(r.standardError)")
    #expect(r.standardError.contains("with more elements than any array this reader loads"))
    #expect(try !dir.contents().contains("g.h5"))
  }

  @Test func anOGBNodeCountBeyondTheMachineIsRefused() throws {
    let dir = try ScratchDirectory()
    try FileManager.default.createDirectory(
      at: dir.url.appendingPathComponent("ds/raw"), withIntermediateDirectories: true)
    try dir.write("ds/raw/edge.csv", "0,1\n1,2\n")
    try dir.write("ds/raw/num-node-list.csv", "1000000000000\n")
    let r = try GraphKDBinary.run(
      ["convert", "ogb", dir.path("ds"), "-o", dir.path("g.h5")], memoryLimitMiB: 1024)
    #expect(r.status != 0)
    #expect(
      r.standardError.contains("num-node-list.csv: line 1, column 1: expected a node count this machine can hold"),
      "\(r.standardError)")
  }
}
