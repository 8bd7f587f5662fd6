import Tensors
import Testing

@testable import GraphData

/// The SIMD statistics pass agrees with a plain loop on every length and content.
@Suite("CSRIndexStatistics")
struct CSRIndexStatisticsTests {
  private func naive(_ a: [Int32]) -> (Int32, Int32, Int) {
    var d = 0
    for k in a.indices.dropFirst() where a[k] <= a[k - 1] { d += 1 }
    return (a.min() ?? .max, a.max() ?? .min, d)
  }

  @Test(arguments: [0, 1, 2, 7, 8, 9, 16, 17, 100, 1001])
  func matchesAPlainLoop(length: Int) {
    var rng = Xoshiro256StarStar(seed: UInt64(length))
    for _ in 0..<20 {
      let a = (0..<length).map { _ in Int32(rng.nextInt(below: 21)) - 10 }
      let s = a.withUnsafeBufferPointer { CSRIndexStatistics($0) }
      let (lo, hi, d) = naive(a)
      #expect(s.minimum == lo && s.maximum == hi && s.descents == d, "\(a)")
    }
  }

  @Test func blocksAndBoundariesAddUp() {
    var rng = Xoshiro256StarStar(seed: 9)
    let a = (0..<10_000).map { _ in Int32(rng.nextInt(below: 50)) }
    let starts = Array(stride(from: 0, to: a.count, by: 333))
    var s = CSRIndexStatistics()
    a.withUnsafeBufferPointer { p in
      for start in starts {
        var part = CSRIndexStatistics()
        part.add(UnsafeBufferPointer(rebasing: p[start..<min(start + 333, a.count)]))
        s.merge(part)
      }
      s.addBoundaries(p, blockStarts: starts)
    }
    let (lo, hi, d) = naive(a)
    #expect(s.minimum == lo && s.maximum == hi && s.descents == d)
  }
}

/// The SIMD finiteness test agrees with `Float.isFinite` wherever the bad value sits.
@Suite("Graph.allFinite")
struct AllFiniteTests {
  @Test(arguments: [Float.nan, .infinity, -.infinity, -Float.nan])
  func findsEveryNonFiniteValue(bad: Float) {
    for length in [1, 15, 16, 17, 33, 100] {
      for position in [0, length / 2, length - 1] {
        var values = (0..<length).map { Float($0) - 7.5 }
        #expect(values.withUnsafeBufferPointer { Graph.allFinite($0) })
        values[position] = bad
        #expect(!values.withUnsafeBufferPointer { Graph.allFinite($0) }, "length \(length), position \(position)")
      }
    }
    #expect([Float.greatestFiniteMagnitude, -.greatestFiniteMagnitude].withUnsafeBufferPointer { Graph.allFinite($0) })
  }
}
