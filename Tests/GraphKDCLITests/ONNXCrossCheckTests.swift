import Foundation
import Testing

/// Runs `scripts/check_onnx.py --quick` (onnxruntime against `graphkd export` and
/// `graphkd predict` on Cora) when Python has onnxruntime, h5py and NumPy; skipped otherwise
/// (`scripts/bootstrap` installs onnxruntime where pip is available).
@Suite struct ONNXCrossCheckTests {
  @Test(
    .enabled(if: PythonScript.has(["onnxruntime", "h5py", "numpy"]), "needs python3 with onnxruntime, h5py and numpy"))
  func onnxruntimeMatchesGraphKDOnEveryCoraNode() throws {
    let (status, text) = try PythonScript.run("check_onnx.py", ["--quick", "--repetitions", "5"])
    #expect(status == 0, "\(text)")
    #expect(text.contains("check_onnx: all checks passed"), "\(text)")
    #expect(text.contains("| gcn-8 |") && text.contains("| mlp |") && text.contains("| sign |"))
  }

  @Test func exportRefusesWhatONNXCannotTakeAndKeepsExistingFiles() throws {
    let (dir, file) = try PredictCommandTests.trainedModels()
    let teacher = try GraphKDBinary.run(["export", dir.path("R/models/teacher.h5"), "-o", dir.path("t.onnx")])
    // The quick run's teacher is a GCN: it exports. An existing output is kept without --force.
    #expect(teacher.status == 0, "\(teacher.standardError)")
    let again = try GraphKDBinary.run(["export", dir.path("R/models/mlp.h5"), "-o", dir.path("t.onnx")])
    #expect(again.status != 0 && again.standardError.contains("--force"))
    // A GraphSAGE model is not exported.
    let train = try GraphKDBinary.run([
      "train", file, "--model", "sage", "--seeds", "1", "--epochs", "2", "--save-model", dir.path("sage.h5"),
    ])
    #expect(train.status == 0, "\(train.standardError)")
    let sage = try GraphKDBinary.run(["export", dir.path("sage.h5"), "-o", dir.path("sage.onnx")])
    #expect(sage.status != 0 && sage.standardError.contains("supports mlp, gcn and sign"), "\(sage.standardError)")
    #expect(!FileManager.default.fileExists(atPath: dir.path("sage.onnx")))
    let notModel = try GraphKDBinary.run(["export", file, "-o", dir.path("x.onnx")])
    #expect(notModel.status != 0 && notModel.standardError.contains("attribute '/format'"))
  }
}
