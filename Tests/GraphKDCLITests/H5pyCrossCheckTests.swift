import Foundation
import Testing

/// Runs `scripts/check_roundtrip.py` (NumPy + h5py against the real binary) when Python has
/// both packages; skipped otherwise, so a fresh clone without them still passes.
@Suite struct H5pyCrossCheckTests {
  static var pythonHasH5py: Bool {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import h5py, numpy"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
  }

  @Test(.enabled(if: pythonHasH5py, "needs python3 with numpy and h5py"))
  func numpyAndH5pyAgreeWithGraphKD() throws {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [
      "python3", GraphFileFixtures.repository.appendingPathComponent("scripts/check_roundtrip.py").path,
      "--graphkd", GraphKDBinary.productsDirectory.appendingPathComponent("graphkd").path,
    ]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    #expect(p.terminationStatus == 0, "\(text)")
    #expect(text.contains("check_roundtrip: all checks passed"))
  }
}
