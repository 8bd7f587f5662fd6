import Tensors
import Testing

@Suite struct Xoshiro256StarStarTests {
  /// Golden values from scripts/golden/xoshiro256starstar.py (an independent Python version).
  @Test func matchesIndependentReference() {
    var a = Xoshiro256StarStar(seed: 0)
    #expect(
      [a.next(), a.next(), a.next(), a.next()] == [
        0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0, 0x6aa5_94f1_262d_2d2c,
      ])
    var b = Xoshiro256StarStar(seed: 42)
    #expect(
      [b.next(), b.next(), b.next(), b.next()] == [
        0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1,
      ])
  }

  @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
    var a = Xoshiro256StarStar(seed: 7)
    var b = Xoshiro256StarStar(seed: 7)
    var c = Xoshiro256StarStar(seed: 8)
    let sa = (0..<100).map { _ in a.next() }
    #expect(sa == (0..<100).map { _ in b.next() })
    #expect(sa != (0..<100).map { _ in c.next() })
  }

  @Test func uniformFloatsAndBoundedIntsStayInRangeAndLookUniform() {
    var g = Xoshiro256StarStar(seed: 1)
    var counts = [Int](repeating: 0, count: 10)
    var total: Double = 0
    for _ in 0..<100_000 {
      let f = g.nextFloat()
      #expect(f >= 0 && f < 1)
      total += Double(f)
      counts[g.nextInt(below: 10)] += 1
    }
    #expect(abs(total / 100_000 - 0.5) < 0.01)
    #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
  }

  @Test func normalsHaveUnitVariance() {
    var g = Xoshiro256StarStar(seed: 3)
    let xs = (0..<50_000).map { _ in Double(g.nextNormal()) }
    let mean = xs.reduce(0, +) / Double(xs.count)
    let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)
    #expect(abs(mean) < 0.02)
    #expect(abs(variance - 1) < 0.03)
  }

  @Test func sampleGivesDistinctValuesAndShuffleIsAPermutation() {
    var g = Xoshiro256StarStar(seed: 5)
    for (k, n) in [(3, 10), (9, 10), (50, 100_000)] {
      let s = g.sample(k, from: n)
      #expect(s.count == k && Set(s).count == k && s.allSatisfy { $0 >= 0 && $0 < n })
    }
    var a = Array(0..<1000)
    g.shuffle(&a)
    #expect(a != Array(0..<1000))
    #expect(a.sorted() == Array(0..<1000))
  }

  @Test func streamsAreIndependentOfEachOther() {
    var a = Xoshiro256StarStar(seed: 9, stream: 0)
    var b = Xoshiro256StarStar(seed: 9, stream: 1)
    #expect(a.next() != b.next())
  }
}
