import Foundation
import Testing

/// Runs `scripts/check_roundtrip.py` (NumPy + h5py against the real binary) when Python has
/// both packages; skipped otherwise, so a fresh clone without them still passes.
@Suite struct H5pyCrossCheckTests {
  @Test(.enabled(if: PythonScript.has(["h5py", "numpy"]), "needs python3 with numpy and h5py"))
  func numpyAndH5pyAgreeWithGraphKD() throws {
    let (status, text) = try PythonScript.run("check_roundtrip.py")
    #expect(status == 0, "\(text)")
    #expect(text.contains("check_roundtrip: all checks passed"))
  }
}
