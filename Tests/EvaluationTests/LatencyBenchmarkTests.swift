import Evaluation
import Foundation
import GNN
import Tensors
import Testing

/// Timing summaries, the benchmark's runs and its checks.
@Suite struct LatencyBenchmarkTests {
  @Test func summaryUsesNearestRankPercentiles() throws {
    let s = try LatencySummary(samples: [10, 1, 9, 2, 8, 3, 7, 4, 6, 5])
    #expect(s.count == 10)
    #expect(s.medianSeconds == 5.5)
    #expect(s.p90Seconds == 9)
    #expect(s.minimumSeconds == 1 && s.maximumSeconds == 10 && s.meanSeconds == 5.5)
    #expect(try LatencySummary(samples: [3, 1, 2]).medianSeconds == 2)
    #expect(throws: EvaluationError.self) { try LatencySummary(samples: []) }
    #expect(throws: EvaluationError.self) { try LatencySummary(samples: [1, .nan]) }
  }

  @Test func fullGraphTimesThirtyRunsByDefault() throws {
    let data = try Fixtures.data(nodes: 300, sparseFeatures: true, seed: 2)
    let model = try Fixtures.model(.gcn, inputDimension: data.features.dimension)
    model.isTraining = true
    let full = try LatencyBenchmark().fullGraph(model: model, features: data.features, graph: data.graph)
    #expect(full.count >= 30)
    #expect(full.medianSeconds > 0 && full.p90Seconds >= full.medianSeconds)
    #expect(model.isTraining, "the model's mode is restored")
  }

  @Test(arguments: [ModelConfiguration.Architecture.gcn, .mlp])
  func requestsOfOneAndOfMany(architecture: ModelConfiguration.Architecture) throws {
    let data = try Fixtures.data(nodes: 300, sparseFeatures: true, seed: 2)
    let model = try Fixtures.model(architecture, inputDimension: data.features.dimension)
    let predictor = try RequestPredictor(model: model, features: data.features, graph: data.graph)
    let bench = try LatencyBenchmark()
    for batchSize in [1, 256] {
      let r = try bench.requests(predictor, batchSize: batchSize, seed: 4)
      #expect(r.batchSize == batchSize && r.latency.count >= 30)
      #expect(r.latency.medianSeconds > 0)
      #expect(r.hops == predictor.hops)
      if architecture == .mlp {
        #expect(r.meanSubgraphNodes == Double(batchSize))
      } else {
        #expect(r.meanSubgraphNodes > Double(batchSize))
      }
    }
    // The same seed times the same requests: the same neighbourhoods are gathered.
    let a = try bench.requests(predictor, batchSize: 1, seed: 4).meanSubgraphNodes
    #expect(a == (try bench.requests(predictor, batchSize: 1, seed: 4)).meanSubgraphNodes)
  }

  @Test func badSettingsAreRejected() throws {
    let data = try Fixtures.data(nodes: 40, sparseFeatures: false, seed: 2)
    let model = try Fixtures.model(.mlp, inputDimension: data.features.dimension)
    let predictor = try RequestPredictor(model: model, features: data.features, graph: data.graph)
    let bench = try LatencyBenchmark(repetitions: 2, warmup: 0)
    #expect(throws: EvaluationError.self) { try bench.requests(predictor, batchSize: 0, seed: 0) }
    #expect(throws: EvaluationError.self) { try bench.requests(predictor, batchSize: 41, seed: 0) }
    #expect(throws: EvaluationError.self) { try LatencyBenchmark(repetitions: 0) }
    #expect(throws: EvaluationError.self) { try LatencyBenchmark(warmup: -1) }
  }
}

/// One report per model, and the table they make.
@Suite struct CostReportTests {
  @Test func measuresEveryColumnAndRoundTripsThroughJSON() throws {
    let data = try Fixtures.data(nodes: 300, sparseFeatures: true, seed: 2)
    let teacher = try Fixtures.model(.gcn, inputDimension: data.features.dimension)
    let student = try Fixtures.model(.mlp, inputDimension: data.features.dimension)
    var reports = [
      try CostReport.measure(name: "teacher", model: teacher, data: data, repetitions: 30, seed: 1),
      try CostReport.measure(name: "MLP student", model: student, data: data, repetitions: 30, seed: 1),
    ]
    reports[1].testAccuracy = 0.805
    for r in reports {
      #expect(r.parameterCount > 0 && r.multiplyAccumulatesPerNode > 0)
      #expect(r.fullGraphLatency.count == 30 && r.fullGraphLatency.medianSeconds > 0)
      #expect(r.requestLatencies.map(\.batchSize) == [1, 256])
      #expect(r.requestLatency(batchSize: 1)!.latency.medianSeconds > 0)
      #expect(r.peakMemoryBytes > 0)
    }
    let decoded = try JSONDecoder().decode([CostReport].self, from: JSONEncoder().encode(reports))
    #expect(decoded == reports)

    let table = CostTable(reports: reports)
    #expect(table.batchSizes == [1, 256])
    #expect(table.requestSpeedups[0] == 1)
    #expect(table.rows.count == 2 && table.rows.allSatisfy { $0.count == table.headers.count })
    #expect(table.rows[1].last == "80.5" && table.rows[0].last == "")
    #expect(table.markdown.split(separator: "\n").count == 4)
  }

  @Test func badBatchSizesAreRejectedBeforeMeasuring() throws {
    let data = try Fixtures.data(nodes: 40, sparseFeatures: false, seed: 2)
    let model = try Fixtures.model(.mlp, inputDimension: data.features.dimension)
    #expect(throws: EvaluationError.self) {
      try CostReport.measure(name: "m", model: model, data: data, requestBatchSizes: [])
    }
    #expect(throws: EvaluationError.self) {
      try CostReport.measure(name: "m", model: model, data: data, requestBatchSizes: [1, 256])
    }
  }
}

/// The memory probe reads this process's resident size.
@Suite struct MemoryProbeTests {
  @Test func readsResidentAndPeakSizes() throws {
    #expect(MemoryProbe.residentBytes > 0)
    #expect(MemoryProbe.peakBytes >= MemoryProbe.residentBytes / 2)
    let data = try Fixtures.data(nodes: 200, sparseFeatures: false, seed: 2)
    let model = try Fixtures.model(.gcn, inputDimension: data.features.dimension)
    let m = try InferenceMemory.measure(model: model, features: data.features, graph: data.graph)
    #expect(m.peakResidentBytes >= m.baselineResidentBytes || !m.peakWasReset)
    #expect(m.incrementBytes == max(0, m.peakResidentBytes - m.baselineResidentBytes))
  }
}
