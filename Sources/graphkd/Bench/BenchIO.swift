import ArgumentParser
import Evaluation
import Foundation
import GraphData
import Tensors

/// `graphkd bench io`: convert and load a large generated graph, and compare the load with h5py.
struct BenchIO: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "io",
    abstract: "Convert (.npz → HDF5) and load a generated graph; compare the load with h5py's.",
    discussion: """
      Generates a random undirected graph (default 1,000,000 nodes, 10,000,000 distinct undirected \
      edges, 64 float32 features per node, 10 classes), writes it as a stored .npz, converts that with \
      `graphkd convert npz` (timed), then loads the HDF5 file with GraphKD (median of --repetitions, \
      page cache warm) and with h5py in a `python3 -c` subprocess reading the same datasets. Peak \
      memory of a load is the VmHWM of a child `graphkd` process that only loads the file, compared \
      with the in-memory size of the loaded graph. Run once per --compression-levels entry \
      (4 = the default shuffle + deflate layout, 0 = contiguous uncompressed).
      """
  )

  @Option(help: "Nodes of the generated graph.")
  var nodes = 1_000_000

  @Option(help: "Distinct undirected edges (stored twice in the adjacency).")
  var edges = 10_000_000

  @Option(help: "Feature dimension.")
  var dimension = 64

  @Option(help: "Loads per tool, each in a fresh process, alternating GraphKD and h5py (medians reported).")
  var repetitions = 5

  @Option(help: "Deflate levels to compare, comma separated (0 = uncompressed).")
  var compressionLevels = "4,0"

  @Option(help: "Directory for the generated files (default: a new one under the system temporary directory).")
  var directory: String?

  @Option(help: "The Python interpreter with numpy and h5py.")
  var python = "python3"

  @Option(help: "Seed of the generated graph.")
  var seed: UInt64 = 0

  @Flag(help: "Keep the generated files.")
  var keep = false

  @Option(help: .hidden)
  var measureLoad: String?

  var levels: [Int] {
    compressionLevels.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
  }

  func validate() throws {
    guard nodes >= 2, edges >= 1, dimension >= 1 else {
      throw ValidationError("--nodes must be ≥ 2, --edges ≥ 1 and --dimension ≥ 1.")
    }
    guard edges <= nodes * (nodes - 1) / 4 else {
      throw ValidationError("--edges must be at most a quarter of all node pairs (\(nodes * (nodes - 1) / 4)).")
    }
    guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1.") }
    let parsed = levels
    guard !parsed.isEmpty, parsed.count == compressionLevels.split(separator: ",").count,
      parsed.allSatisfy({ (0...9).contains($0) })
    else {
      throw ValidationError("--compression-levels takes levels 0-9 separated by commas, e.g. 4,0.")
    }
  }

  func run() throws {
    if let measureLoad {
      try measureLoadInThisProcess(measureLoad)
      return
    }
    let fm = FileManager.default
    let dir =
      directory.map { URL(fileURLWithPath: $0) }
      ?? fm.temporaryDirectory.appendingPathComponent("graphkd-bench-io-\(UInt32.random(in: 0...UInt32.max))")
    try fm.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { if !keep && directory == nil { try? fm.removeItem(at: dir) } }

    print(
      "generating \(GraphText.grouped(nodes)) nodes, \(GraphText.grouped(edges)) undirected edges, \(dimension) features …"
    )
    let npz = dir.appendingPathComponent("generated.npz")
    let (generateSeconds, npzSeconds) = try writeGeneratedNPZ(to: npz)
    let npzBytes = (try? fm.attributesOfItem(atPath: npz.path)[.size] as? Int) ?? 0
    print(
      "generated in \(GraphText.decimal(generateSeconds, 2)) s; wrote \(npz.lastPathComponent) (\(megabytes(npzBytes)) MB) in \(GraphText.decimal(npzSeconds, 2)) s"
    )

    var rows: [[String]] = []
    var graphBytes = 0
    for level in levels {
      let h5 = dir.appendingPathComponent("generated-deflate\(level).h5")
      try? fm.removeItem(at: h5)
      let convertSeconds = try Stopwatch.seconds {
        let graph = try NPZImporter(url: npz, name: "generated").importGraph()
        try HDF5GraphStore.write(graph, to: h5, options: .init(compressionLevel: level == 0 ? nil : level))
      }
      let fileBytes = (try? fm.attributesOfItem(atPath: h5.path)[.size] as? Int) ?? 0

      // Alternate fresh GraphKD and h5py processes so both see the same machine load.
      var ours: [LoadMeasurement] = []
      var theirs: [LoadMeasurement] = []
      for _ in 0..<repetitions {
        ours.append(try measureLoadInChild(h5))
        if let h5py = try h5pyLoad(h5) { theirs.append(h5py) }
      }
      graphBytes = ours[0].graphBytes
      let loadSeconds = median(ours.map(\.seconds))
      let loadBest = ours.map(\.seconds).min() ?? 0
      let h5pySeconds = theirs.isEmpty ? nil : median(theirs.map(\.seconds))
      let h5pyBest = theirs.map(\.seconds).min()
      let peak = ours.map(\.peakAboveBaseline).max() ?? 0
      func pair(_ median: Double, _ best: Double) -> String {
        "\(GraphText.decimal(median, 3)) / \(GraphText.decimal(best, 3))"
      }
      rows.append([
        level == 0 ? "contiguous, uncompressed" : "chunked, shuffle + deflate \(level)",
        megabytes(fileBytes),
        GraphText.decimal(convertSeconds, 2),
        pair(loadSeconds, loadBest),
        GraphText.decimal(Double(graphBytes) / loadSeconds / 1e9, 2),
        h5pySeconds.map { pair($0, h5pyBest ?? $0) } ?? "n/a",
        h5pySeconds.map {
          GraphText.decimal(loadSeconds / $0, 2) + "× / " + GraphText.decimal(loadBest / (h5pyBest ?? $0), 2) + "×"
        } ?? "n/a",
        megabytes(peak),
        GraphText.decimal(Double(peak) / Double(max(graphBytes, 1)), 2) + "×",
        theirs.isEmpty ? "n/a" : megabytes(theirs.map(\.peakAboveBaseline).max() ?? 0),
      ])
    }
    print(
      "graph in memory: \(megabytes(graphBytes)) MB (row pointers, column indices, unit edge weights, features, labels)"
    )
    var table = TextTable(headers: [
      "layout", "file MB", "convert s", "GraphKD load s (median / best)", "GB/s (median)",
      "h5py load s (median / best)", "GraphKD / h5py (median / best)",
      "load peak RSS MB", "peak / graph size", "h5py load peak RSS MB",
    ])
    for row in rows { table.append(row) }
    print(table.rendered)
    print(
      """
      load = HDF5 file → validated Graph in a fresh process; median and best of \(repetitions) runs alternating with h5py's
      (warm page cache; the best run is the least disturbed by other work on the machine);
      GB/s = graph bytes / load time. h5py reads the same datasets into NumPy arrays (no validation, no unit edge weights).
      peak RSS = VmHWM − VmRSS just before the load, largest over the runs (targets: load ≤ 1.2× h5py, peak ≤ 1.5× graph size).
      """)
    if keep || directory != nil { print("files kept in \(dir.path)") }
  }

  // MARK: Generation

  /// Writes the generated graph as a stored `.npz`; returns (generate, write) seconds.
  private func writeGeneratedNPZ(to url: URL) throws -> (Double, Double) {
    var rng = Xoshiro256StarStar(seed: seed)
    var adjacency: CSRMatrix?
    var features: Tensor?
    var labels: [Int] = []
    let generate = try Stopwatch.seconds {
      adjacency = try randomUndirectedAdjacency(generator: &rng)
      features = Tensor.randomUniform(shape: [nodes, dimension], lowerBound: -1, upperBound: 1, generator: &rng)
      labels = (0..<nodes).map { _ in rng.nextInt(below: 10) }
    }
    let write = try Stopwatch.seconds {
      let npz = try NumPyArchiveWriter(url: url)
      try npz.add("adj_indptr", values: adjacency!.rowPointers)
      try npz.add("adj_indices", values: adjacency!.columnIndices)
      try npz.add("adj_shape", values: [nodes, nodes])
      try npz.add("attr_matrix", values: features!.scalars, shape: [nodes, dimension])
      try npz.add("labels", values: labels)
    }
    return (generate, write)
  }

  /// `edges` distinct undirected edges between distinct nodes, drawn uniformly.
  private func randomUndirectedAdjacency(generator rng: inout Xoshiro256StarStar) throws -> CSRMatrix {
    var keys: [UInt64] = []
    keys.reserveCapacity(edges + edges / 100 + 16)
    while true {
      while keys.count < edges + edges / 1000 + 8 {
        let u = rng.nextInt(below: nodes)
        let v = rng.nextInt(below: nodes)
        guard u != v else { continue }
        keys.append(UInt64(min(u, v)) << 32 | UInt64(max(u, v)))
      }
      keys.sort()
      var unique = 0
      for k in keys.indices where unique == 0 || keys[k] != keys[unique - 1] {
        keys[unique] = keys[k]
        unique += 1
      }
      keys.removeLast(keys.count - unique)
      if keys.count >= edges { break }
    }
    var builder = EdgeListBuilder(expectedEdges: edges)
    for key in keys.prefix(edges) {
      builder.append(source: Int32(truncatingIfNeeded: key >> 32), target: Int32(truncatingIfNeeded: key & 0xFFFF_FFFF))
    }
    return try builder.matrix(rowCount: nodes, columnCount: nodes, symmetrize: true).matrix
  }

  // MARK: Measurement

  /// One load in a fresh process: seconds, memory before and at the peak, graph bytes.
  private struct LoadMeasurement: Decodable {
    var seconds: Double
    var baselineBytes: Int
    var peakBytes: Int
    var graphBytes: Int
    var peakAboveBaseline: Int { peakBytes - baselineBytes }
  }

  /// The hidden `--measure-load FILE` mode: load once and print seconds and memory as JSON.
  private func measureLoadInThisProcess(_ path: String) throws {
    let baseline = MemoryProbe.residentBytes
    var graph: Graph?
    let seconds = try Stopwatch.seconds { graph = try HDF5GraphStore.read(from: URL(fileURLWithPath: path)) }
    let peak = MemoryProbe.peakBytes
    let bytes = graph?.byteCount ?? 0
    print(#"{"seconds": \#(seconds), "baselineBytes": \#(baseline), "peakBytes": \#(peak), "graphBytes": \#(bytes)}"#)
  }

  private func measureLoadInChild(_ file: URL) throws -> LoadMeasurement {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = ["bench", "io", "--measure-load", file.path]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw ValidationError("the load-measuring child process failed (status \(process.terminationStatus)).")
    }
    return try JSONDecoder().decode(LoadMeasurement.self, from: data)
  }

  /// One h5py load of the same datasets in a fresh Python process, or `nil` without h5py.
  private func h5pyLoad(_ file: URL) throws -> LoadMeasurement? {
    let script = """
      import json, sys, time
      import h5py
      def status(field):
          for line in open("/proc/self/status"):
              if line.startswith(field + ":"):
                  return int(line.split()[1]) * 1024
      names = ["graph/indptr", "graph/indices", "graph/weights", "features", "labels"]
      baseline = status("VmRSS")
      t = time.perf_counter()
      with h5py.File(sys.argv[1], "r") as f:
          arrays = [f[n][()] for n in names if n in f]
      seconds = time.perf_counter() - t
      print(json.dumps({"seconds": seconds, "baselineBytes": baseline, "peakBytes": status("VmHWM"),
                        "graphBytes": sum(a.nbytes for a in arrays)}))
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, "-c", script, file.path]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch { return nil }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errors = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let reason = String(decoding: errors, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
      FileHandle.standardError.write(Data("note: h5py comparison skipped (\(reason))\n".utf8))
      return nil
    }
    return try JSONDecoder().decode(LoadMeasurement.self, from: data)
  }

  private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
  }

  private func megabytes(_ bytes: Int) -> String { GraphText.decimal(Double(bytes) / 1e6, 1) }
}
