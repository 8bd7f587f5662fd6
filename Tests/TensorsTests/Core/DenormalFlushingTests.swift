import Synchronization
import Tensors
import Testing

/// Half of `x`, computed at run time (not folded by the compiler).
@inline(never) private func half(_ x: Float) -> Float { x * 0.5 }

@Suite struct DenormalFlushingTests {
  #if arch(x86_64) || arch(arm64)
    @Test func flushesDenormalResultsToZeroOnlyInsideAndRestoresTheMode() {
      let smallest = Float.leastNormalMagnitude
      #expect(!DenormalFlushing.isEnabledOnCurrentThread)
      let before = half(smallest)
      #expect(before > 0 && before.isSubnormal)
      let inside = DenormalFlushing.withFlushedDenormals { () -> (Float, Float, Bool) in
        (half(smallest), half(4 * smallest), DenormalFlushing.isEnabledOnCurrentThread)
      }
      #expect(inside.0 == 0)
      #expect(inside.1 == 2 * smallest)  // normal results are untouched
      #expect(inside.2)
      #expect(!DenormalFlushing.isEnabledOnCurrentThread)
      #expect(half(smallest) == before)
    }

    @Test func nestedCallsAndThrowsRestoreTheOuterMode() {
      struct Failure: Error {}
      DenormalFlushing.withFlushedDenormals {
        #expect(throws: Failure.self) {
          try DenormalFlushing.withFlushedDenormals { () throws -> Void in throw Failure() }
        }
        #expect(DenormalFlushing.isEnabledOnCurrentThread)
      }
      #expect(!DenormalFlushing.isEnabledOnCurrentThread)
    }

    @Test func parallelChunksRunInTheCallersMode() {
      func denormalChunks() -> Int {
        let count = Atomic<Int>(0)
        Parallelism.forEach(chunks: 16, threads: 2) { _ in
          if half(Float.leastNormalMagnitude) != 0 { count.add(1, ordering: .relaxed) }
        }
        return count.load(ordering: .relaxed)
      }
      #expect(denormalChunks() == 16)
      #expect(DenormalFlushing.withFlushedDenormals { denormalChunks() } == 0)
      #expect(denormalChunks() == 16)
    }

    @Test func aGEMMReadsDenormalInputsAsZeroWhenFlushing() throws {
      let tiny = try Tensor(shape: [1, 2], scalars: [half(Float.leastNormalMagnitude), 1])
      let weights = try Tensor(shape: [2, 1], scalars: [1e30, 0])
      func product() throws -> Float { try matmul(Variable(tiny), Variable(weights)).value.scalars[0] }
      #expect(try product() > 1e-9)  // 5.9e-39 · 1e30
      #expect(try DenormalFlushing.withFlushedDenormals { try product() } == 0)
    }
  #endif
}
