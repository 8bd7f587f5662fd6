import Foundation
import Tensors
import Testing

/// The process-wide settings are readable, fixed once GraphKD computes, and say what was done.
@Suite struct GraphKDRuntimeTests {
  @Test func settingsAreFixedByTheFirstComputationAndReportWhatWasDone() throws {
    // Any product makes GraphKD configure the process.
    _ = try Kernels.gemm(Tensor(repeating: 1, shape: [2, 2]), Tensor(repeating: 1, shape: [2, 2]))
    #expect(GraphKDRuntime.isFrozen)
    let applied = try #require(GraphKDRuntime.applied)
    #expect(applied.blas == BLASRuntime.configuration)
    #expect(applied.allocatorTuned == AllocatorTuning.isApplied)
    #expect(applied.settings == GraphKDRuntime.settings)
    // Too late to change anything now: the setting keeps its value.
    let before = GraphKDRuntime.settings
    GraphKDRuntime.settings.tunesAllocator.toggle()
    #expect(GraphKDRuntime.settings == before)
  }

  @Test func theEnvironmentTurnsTuningsOff() {
    setenv("GRAPHKD_ALLOCATOR_TUNING", "0", 1)
    setenv("GRAPHKD_OPENBLAS_AUTOSELECT", "0", 1)
    defer {
      unsetenv("GRAPHKD_ALLOCATOR_TUNING")
      unsetenv("GRAPHKD_OPENBLAS_AUTOSELECT")
    }
    let s = GraphKDRuntime.Settings.fromEnvironment
    #expect(!s.tunesAllocator && !s.selectsBLASKernel && s.singleThreadedBLAS)
    #expect(GraphKDRuntime.Settings() == GraphKDRuntime.Settings(tunesAllocator: true, selectsBLASKernel: true))
  }
}
