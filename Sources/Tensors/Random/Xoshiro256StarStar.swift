/// The seeded pseudo-random generator behind every random draw in GraphKD.
///
/// Algorithm: xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
/// generators", ACM TOMS 2021), a 256-bit-state generator with period 2^256 − 1. The 64-bit
/// seed is expanded into the state with SplitMix64, as the authors recommend, so nearby seeds
/// give unrelated streams. The same seed gives the same stream on every platform and Swift
/// version: uniform floats, bounded integers, normals and shuffles are computed here rather than
/// through the standard library, whose algorithms are not specified.
///
/// ```swift
/// var rng = Xoshiro256StarStar(seed: 42)
/// let u = rng.nextFloat()            // in [0, 1)
/// let k = rng.nextInt(below: 10)     // in 0..<10
/// ```
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable {
  @usableFromInline var s0: UInt64
  @usableFromInline var s1: UInt64
  @usableFromInline var s2: UInt64
  @usableFromInline var s3: UInt64

  /// Creates a generator whose stream is fixed by `seed`.
  public init(seed: UInt64) {
    var x = seed
    func splitMix() -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitMix()
    s1 = splitMix()
    s2 = splitMix()
    s3 = splitMix()
  }

  /// Creates an independent generator for stream `stream` of `seed` (e.g. one per epoch or
  /// per worker), without advancing any other generator.
  public init(seed: UInt64, stream: UInt64) {
    self.init(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03 &+ 0x8CB9_2BA7_2F3D_8DD7))
  }

  @inlinable
  static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// A uniform `Float` in [0, 1) with 24 random bits.
  @inlinable
  public mutating func nextFloat() -> Float {
    Float(next() >> 40) * (1.0 / 16_777_216.0)
  }

  /// A uniform `Double` in [0, 1) with 53 random bits.
  @inlinable
  public mutating func nextDouble() -> Double {
    Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// A uniform integer in `0..<bound` (Lemire's multiply-shift method with rejection, unbiased).
  @inlinable
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0, "nextInt(below:): bound must be positive, got \(bound)")
    let b = UInt64(bound)
    var m = next().multipliedFullWidth(by: b)
    if m.low < b {
      let threshold = (0 &- b) % b
      while m.low < threshold { m = next().multipliedFullWidth(by: b) }
    }
    return Int(m.high)
  }

  /// A standard normal draw (Box–Muller, using two uniforms).
  @inlinable
  public mutating func nextNormal() -> Float {
    let u1 = max(nextDouble(), 1e-300)
    let u2 = nextDouble()
    return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
  }

  /// Fills `mask` with an inverted-dropout mask: each element is `keptValue` with probability
  /// `1 − dropProbability` and 0 otherwise. Two 32-bit uniforms come from each 64-bit draw and
  /// the comparison is branch-free, so this runs at memory speed.
  public mutating func fillDropoutMask(
    _ mask: UnsafeMutableBufferPointer<Float>, dropProbability: Float, keptValue: Float
  ) {
    // (u − t) >> 63 is all ones when u < t (dropped) and 0 otherwise; its complement masks the
    // bits of `keptValue`. Written as bit operations so the compiler cannot turn it into a
    // (50 % mispredicted) branch.
    let threshold = Int64(Double(dropProbability) * 4_294_967_296.0)
    let kept = keptValue.bitPattern
    // Work on a local copy so the state stays in registers (the caller's storage may be a
    // class property that every store to `mask` would otherwise force back to memory).
    var g = self
    defer { self = g }
    var i = 0
    let n = mask.count
    guard n > 0 else { return }
    // Integer stores of the bit patterns: an integer select compiles to a conditional move.
    let bits = UnsafeMutableRawPointer(mask.baseAddress!).assumingMemoryBound(to: UInt32.self)
    while i + 1 < n {
      let r = g.next()
      let hi = Int64(r >> 32)
      let lo = Int64(r & 0xFFFF_FFFF)
      bits[i] = kept & ~UInt32(truncatingIfNeeded: (hi &- threshold) >> 63)
      bits[i + 1] = kept & ~UInt32(truncatingIfNeeded: (lo &- threshold) >> 63)
      i += 2
    }
    if i < n {
      bits[i] = kept & ~UInt32(truncatingIfNeeded: (Int64(g.next() >> 32) &- threshold) >> 63)
    }
  }

  /// Shuffles `array` in place (Fisher–Yates).
  public mutating func shuffle<T>(_ array: inout [T]) {
    guard array.count > 1 else { return }
    for i in stride(from: array.count - 1, to: 0, by: -1) {
      let j = nextInt(below: i + 1)
      if i != j { array.swapAt(i, j) }
    }
  }

  /// `count` distinct integers drawn uniformly from `0..<bound`, in draw order.
  public mutating func sample(_ count: Int, from bound: Int) -> [Int] {
    precondition(count <= bound, "sample: cannot draw \(count) distinct values below \(bound)")
    if count * 3 > bound {
      var all = Array(0..<bound)
      for i in 0..<count {
        let j = i + nextInt(below: bound - i)
        all.swapAt(i, j)
      }
      return Array(all[0..<count])
    }
    var seen = Set<Int>()
    var out: [Int] = []
    out.reserveCapacity(count)
    while out.count < count {
      let v = nextInt(below: bound)
      if seen.insert(v).inserted { out.append(v) }
    }
    return out
  }
}
