import ArgumentParser
import Evaluation
import ReferenceKernels
import Tensors

/// `graphkd bench tensors`: SGEMM and SpMM throughput of the fast kernels against the naive
/// reference kernels.
struct BenchTensors: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tensors",
    abstract: "SGEMM GFLOP/s and SpMM GB/s, GFLOP/s with 1 and 2 threads, fast vs naive kernels.",
    discussion: """
      SGEMM: 2708×1433 · 1433×64 (Cora features × GCN weight) and 100000×128 · 128×64.
      SpMM: a random undirected graph (100,000 nodes, 1,000,000 undirected edges, so 2,000,000
      stored entries) × a 64-column dense matrix. Effective bytes count the CSR arrays, one read
      of the dense row per entry and the output write. Times are medians.
      """
  )

  @Option(help: "Timed repetitions per fast kernel (median reported).")
  var repetitions = 20

  @Option(help: "Nodes of the random SpMM graph.")
  var nodes = 100_000

  @Option(help: "Undirected edges of the random SpMM graph.")
  var edges = 1_000_000

  @Option(help: "Dense columns for SpMM.")
  var columns = 64

  /// Which naive reference kernels to time (they are slow).
  enum NaiveKernels: String, ExpressibleByArgument, CaseIterable {
    case all, spmm, none
  }

  @Option(help: "Naive reference kernels to time: all, spmm (skip the slow naive SGEMM) or none.")
  var naive: NaiveKernels = .all

  @Option(
    help: "Force an OpenBLAS kernel (an OPENBLAS_CORETYPE name, e.g. Prescott) to compare with the automatic choice.")
  var blasKernel: String?

  @Option(help: "Seed for the random inputs.")
  var seed: UInt64 = 0

  func validate() throws {
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1 (try --repetitions 20).") }
    guard nodes >= 2, edges >= 1, columns >= 1 else {
      throw ValidationError("--nodes must be ≥ 2, --edges ≥ 1 and --columns ≥ 1.")
    }
  }

  func run() throws {
    let blas = BLASRuntime.configuration
    if let blasKernel {
      guard BLASRuntime.select(kernel: blasKernel) else {
        throw ValidationError(
          "OpenBLAS did not accept --blas-kernel \(blasKernel) (it reports \(BLASRuntime.currentKernel)).")
      }
      print("OpenBLAS kernel: \(BLASRuntime.currentKernel) (forced by --blas-kernel; automatic choice: \(blas.kernel))")
    } else {
      print("OpenBLAS kernel: \(blas.kernel) (loaded as \(blas.initialKernel); \(blas.reason))")
    }
    print("threads available: \(Parallelism.threadCount)\n")
    var rng = Xoshiro256StarStar(seed: seed)
    var table = TextTable(headers: ["kernel", "shape", "threads", "median ms", "GFLOP/s", "GB/s"])

    for (m, k, n) in [(2708, 1433, 64), (100_000, 128, 64)] {
      let a = Tensor.randomUniform(shape: [m, k], lowerBound: -1, upperBound: 1, generator: &rng)
      let b = Tensor.randomUniform(shape: [k, n], lowerBound: -1, upperBound: 1, generator: &rng)
      let flops = 2.0 * Double(m) * Double(k) * Double(n)
      let shape = "\(m)×\(k) · \(k)×\(n)"
      let t = try Stopwatch.median(repetitions: repetitions, warmup: 2) { _ = try Kernels.gemm(a, b) }
      table.append(["sgemm (OpenBLAS)", shape, "blas", fixed(t * 1e3, 3), fixed(flops / t / 1e9, 1), ""])
      if naive == .all {
        let tn = Stopwatch.median(repetitions: 1, warmup: 0) { _ = ReferenceKernels.gemm(a, b) }
        table.append(["sgemm (naive reference)", shape, "1", fixed(tn * 1e3, 1), fixed(flops / tn / 1e9, 2), ""])
      }
    }

    let graph = RandomFixtures.undirectedGraph(nodes: nodes, edges: edges, generator: &rng)
    let x = Tensor.randomUniform(shape: [nodes, columns], lowerBound: -1, upperBound: 1, generator: &rng)
    let nnz = Double(graph.nonzeroCount)
    let flops = 2 * nnz * Double(columns)
    let bytes = nnz * 8 + Double(nodes + 1) * 8 + nnz * Double(columns) * 4 + Double(nodes * columns) * 4
    let shape = "\(nodes) nodes, \(graph.nonzeroCount) entries × \(columns)"
    var single = 0.0
    for threads in [1, 2] {
      let t = try Stopwatch.median(repetitions: repetitions, warmup: 2) {
        _ = try Kernels.spmm(graph, x, threads: threads)
      }
      if threads == 1 { single = t }
      table.append([
        "spmm (CSR, row blocks)", shape, "\(threads)", fixed(t * 1e3, 2), fixed(flops / t / 1e9, 2),
        fixed(bytes / t / 1e9, 2),
      ])
      if threads == 2 { print("spmm speed-up, 2 threads vs 1: \(fixed(single / t, 2))×") }
    }
    if naive != .none {
      let tn = Stopwatch.median(repetitions: 1, warmup: 0) { _ = ReferenceKernels.spmm(graph, x) }
      table.append([
        "spmm (naive reference)", shape, "1", fixed(tn * 1e3, 1), fixed(flops / tn / 1e9, 2),
        fixed(bytes / tn / 1e9, 2),
      ])
    }
    print(table.rendered)
  }
}
