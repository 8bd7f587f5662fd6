import ArgumentParser

/// `graphkd bench`: benchmarks that print tables (speed and memory targets live here, not in
/// unit tests).
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a benchmark and print its table.",
    subcommands: [BenchTensors.self, BenchTrain.self, BenchIO.self, BenchSelfDistill.self, BenchCost.self]
  )
}
