import Foundation
import Testing

/// `graphkd bench tensors` run as a user would (on small inputs, so the test stays fast).
@Suite struct BenchCommandTests {
  @Test func benchTensorsPrintsTheTable() throws {
    let r = try GraphKDBinary.run([
      "bench", "tensors", "--repetitions", "1", "--nodes", "2000", "--edges", "10000", "--columns", "16", "--naive",
      "spmm",
    ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("OpenBLAS kernel: "))
    #expect(!r.standardOutput.contains("sgemm (naive reference)"))
    for row in ["sgemm (OpenBLAS)", "spmm (CSR, row blocks)", "spmm (naive reference)"] {
      #expect(r.standardOutput.contains("| \(row)"), "missing row \(row)")
    }
    #expect(r.standardOutput.contains("2708×1433 · 1433×64"))
    #expect(r.standardOutput.contains("100000×128 · 128×64"))
  }

  @Test func autoSelectionCanBeSwitchedOffAndAUserChoiceIsKept() throws {
    let off = try GraphKDBinary.run(
      ["bench", "tensors", "--repetitions", "1", "--nodes", "100", "--edges", "200", "--naive", "none"],
      environment: ["GRAPHKD_OPENBLAS_AUTOSELECT": "0", "OPENBLAS_CORETYPE": ""])
    #expect(off.status == 0)
    let forced = try GraphKDBinary.run(
      ["bench", "tensors", "--repetitions", "1", "--nodes", "100", "--edges", "200", "--naive", "none"],
      environment: ["OPENBLAS_CORETYPE": "Prescott"])
    #expect(forced.standardOutput.contains("OpenBLAS kernel: Prescott"))
    #expect(forced.standardOutput.contains("OPENBLAS_CORETYPE=Prescott set by the user"))
  }

  /// The run-time re-selection works on this OpenBLAS: switch to the slow generic kernel and
  /// the benchmark reports it (in a subprocess, so no other test's BLAS calls are affected).
  @Test func kernelCanBeReselectedAtRunTime() throws {
    let r = try GraphKDBinary.run(
      [
        "bench", "tensors", "--repetitions", "1", "--nodes", "100", "--edges", "200", "--naive", "none",
        "--blas-kernel",
        "Prescott",
      ])
    #expect(r.status == 0, "\(r.standardError)")
    #expect(r.standardOutput.contains("OpenBLAS kernel: Prescott (forced by --blas-kernel"))
  }

  @Test func badOptionsFailWithAMessageAndNonZeroExit() throws {
    let r = try GraphKDBinary.run(["bench", "tensors", "--repetitions", "0"])
    #expect(r.status != 0)
    #expect(r.standardError.contains("--repetitions must be at least 1"))
    let unknown = try GraphKDBinary.run(["bench", "nonsense"])
    #expect(unknown.status != 0)
  }

  @Test func versionAndHelp() throws {
    let v = try GraphKDBinary.run(["--version"])
    #expect(v.status == 0 && !v.standardOutput.isEmpty)
    let h = try GraphKDBinary.run(["--help"])
    #expect(h.standardOutput.contains("bench"))
  }
}
