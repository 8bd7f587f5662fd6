import CPrefetch

extension Kernels {
  /// Sparse × dense product `a · b`, multi-threaded over blocks of rows.
  ///
  /// Rows are split into blocks of near-equal work (entries + rows), several per thread, and
  /// each block writes its own output rows, so the result does not depend on the thread count.
  ///
  /// Shapes: `a` is `[m, k]` sparse, `b` `[k, n]` dense, the result `[m, n]`.
  /// - Parameters:
  ///   - values: values to use instead of `a.values` (same pattern), e.g. attention weights.
  ///   - bias: a `[n]` vector added to every output row (fused: no extra pass).
  ///   - rectify: apply `max(0, ·)` to every output (fused ReLU: no extra pass).
  ///   - threads: how many threads to use; defaults to ``Parallelism/threadCount``.
  /// - Throws: ``TensorError`` when `b` is not a matrix with `a.columnCount` rows, or `values`
  ///   has the wrong length.
  public static func spmm(
    _ a: CSRMatrix, _ b: Tensor, values: [Float]? = nil, bias: Tensor? = nil, rectify: Bool = false,
    threads: Int = Parallelism.threadCount
  ) throws -> Tensor {
    guard b.rank == 2, b.shape[0] == a.columnCount else {
      throw TensorError.shape(
        "spmm", expected: "a dense matrix with \(a.columnCount) rows (the sparse matrix's columns)",
        actual: "shape \(describe(b.shape)) against sparse \(a.rowCount) × \(a.columnCount)")
    }
    if let values, values.count != a.nonzeroCount {
      throw TensorError.shape("spmm", expected: "\(a.nonzeroCount) edge values", actual: "\(values.count)")
    }
    if let bias, bias.count != b.shape[1] || bias.rank > 1 {
      throw TensorError.shape("spmm", expected: "a bias of shape [\(b.shape[1])]", actual: describe(bias.shape))
    }
    AllocatorTuning.ensureApplied()
    let n = b.shape[1]
    let count = a.rowCount * n
    guard a.rowCount > 0, n > 0 else {
      return Tensor(uncheckedShape: [a.rowCount, n], scalars: [Float](repeating: 0, count: count))
    }
    let biasValues = bias?.scalars ?? [Float](repeating: 0, count: n)
    let threads = a.nonzeroCount * n < Parallelism.minimumParallelWork ? 1 : threads
    let blocks = rowBlocks(a, parts: threads <= 1 ? 1 : threads * 8)
    let vals = values ?? a.values
    // The output is written (first touched) by the thread that owns each block of rows.
    let out = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      a.rowPointers.withUnsafeBufferPointer { rp in
        a.columnIndices.withUnsafeBufferPointer { ci in
          vals.withUnsafeBufferPointer { vp in
            b.withUnsafeBufferPointer { bp in
              biasValues.withUnsafeBufferPointer { biasPointer in
                nonisolated(unsafe) let ptrs = (
                  rp.baseAddress!, ci.baseAddress, vp.baseAddress, bp.baseAddress!, buffer.baseAddress!,
                  biasPointer.baseAddress!
                )
                Parallelism.forEach(chunks: blocks.count, threads: threads) { block in
                  let (rp, ci, vp, bp, op, bias) = ptrs
                  if rectify {
                    spmmRows(
                      blocks[block], rowPointers: rp, columns: ci, values: vp, dense: bp, output: op, bias: bias,
                      width: n, rectify: true)
                  } else {
                    spmmRows(
                      blocks[block], rowPointers: rp, columns: ci, values: vp, dense: bp, output: op, bias: bias,
                      width: n, rectify: false)
                  }
                }
              }
            }
          }
        }
      }
      initialized = count
    }
    return Tensor(uncheckedShape: [a.rowCount, n], scalars: out)
  }

  /// The SpMM inner kernel for a block of rows: columns in tiles of 64 held in four SIMD16
  /// accumulators across a row's entries, then stored once; narrower tails in SIMD16, 8 and 4
  /// tiles, then scalars. With `rectify`, every value is clamped at 0 as it is stored (called
  /// with a literal, so each variant is specialised).
  @inline(__always)
  static func spmmRows(
    _ rows: Range<Int>, rowPointers rp: UnsafePointer<Int>, columns ci: UnsafePointer<Int32>?,
    values vp: UnsafePointer<Float>?, dense bp: UnsafePointer<Float>, output op: UnsafeMutablePointer<Float>,
    bias: UnsafePointer<Float>, width n: Int, rectify: Bool
  ) {
    let biasBytes = UnsafeRawPointer(bias)
    typealias V = SIMD16<Float>
    // Dense rows are gathered in random order; fetch the row `distance` entries ahead.
    let distance = 32
    let blockEnd = rp[rows.upperBound]
    let linesPerRow = (n * 4 + 63) / 64
    for i in rows {
      let dst = op + i * n
      let (start, end) = (rp[i], rp[i + 1])
      var c0 = 0
      while c0 + 64 <= n {
        var (s0, s1, s2, s3) = (
          biasBytes.loadUnaligned(fromByteOffset: 4 * c0, as: V.self),
          biasBytes.loadUnaligned(fromByteOffset: 4 * c0 + 64, as: V.self),
          biasBytes.loadUnaligned(fromByteOffset: 4 * c0 + 128, as: V.self),
          biasBytes.loadUnaligned(fromByteOffset: 4 * c0 + 192, as: V.self)
        )
        for e in start..<end {
          if c0 == 0 && e + distance < blockEnd {
            let ahead = UnsafeRawPointer(bp + Int(ci![e + distance]) * n)
            for line in 0..<min(linesPerRow, 4) { graphkd_prefetch(ahead + 64 * line) }
          }
          let v = vp![e]
          let src = UnsafeRawPointer(bp + Int(ci![e]) * n + c0)
          s0 += v * src.loadUnaligned(as: V.self)
          s1 += v * src.loadUnaligned(fromByteOffset: 64, as: V.self)
          s2 += v * src.loadUnaligned(fromByteOffset: 128, as: V.self)
          s3 += v * src.loadUnaligned(fromByteOffset: 192, as: V.self)
        }
        if rectify {
          (s0, s1, s2, s3) = (
            s0.replacing(with: 0, where: s0 .< 0), s1.replacing(with: 0, where: s1 .< 0),
            s2.replacing(with: 0, where: s2 .< 0), s3.replacing(with: 0, where: s3 .< 0)
          )
        }
        let d = UnsafeMutableRawPointer(dst + c0)
        d.storeBytes(of: s0, as: V.self)
        d.storeBytes(of: s1, toByteOffset: 64, as: V.self)
        d.storeBytes(of: s2, toByteOffset: 128, as: V.self)
        d.storeBytes(of: s3, toByteOffset: 192, as: V.self)
        c0 += 64
      }
      while c0 + 16 <= n {
        var s0 = biasBytes.loadUnaligned(fromByteOffset: 4 * c0, as: V.self)
        for e in start..<end {
          if n < 64 && e + distance < blockEnd {
            let ahead = UnsafeRawPointer(bp + Int(ci![e + distance]) * n + c0)
            graphkd_prefetch(ahead)
          }
          s0 += vp![e] * UnsafeRawPointer(bp + Int(ci![e]) * n + c0).loadUnaligned(as: V.self)
        }
        if rectify { s0.replace(with: 0, where: s0 .< 0) }
        UnsafeMutableRawPointer(dst + c0).storeBytes(of: s0, as: V.self)
        c0 += 16
      }
      // The last < 16 columns in one pass over the row's entries: an 8-wide, a 4-wide and up
      // to 3 scalar accumulators (each column summed in entry order from its bias, as above).
      if c0 < n {
        let has8 = n - c0 >= 8
        let o4 = c0 + (has8 ? 8 : 0)
        let has4 = n - o4 >= 4
        let oS = o4 + (has4 ? 4 : 0)
        let rem = n - oS
        var a8 = has8 ? biasBytes.loadUnaligned(fromByteOffset: 4 * c0, as: SIMD8<Float>.self) : .zero
        var a4 = has4 ? biasBytes.loadUnaligned(fromByteOffset: 4 * o4, as: SIMD4<Float>.self) : .zero
        var r0: Float = rem > 0 ? bias[oS] : 0
        var r1: Float = rem > 1 ? bias[oS + 1] : 0
        var r2: Float = rem > 2 ? bias[oS + 2] : 0
        for e in start..<end {
          if n < 16 && e + distance < blockEnd {
            graphkd_prefetch(UnsafeRawPointer(bp + Int(ci![e + distance]) * n + c0))
          }
          let v = vp![e]
          let src = bp + Int(ci![e]) * n
          if has8 { a8 += v * UnsafeRawPointer(src + c0).loadUnaligned(as: SIMD8<Float>.self) }
          if has4 { a4 += v * UnsafeRawPointer(src + o4).loadUnaligned(as: SIMD4<Float>.self) }
          if rem > 0 {
            r0 += v * src[oS]
            if rem > 1 { r1 += v * src[oS + 1] }
            if rem > 2 { r2 += v * src[oS + 2] }
          }
        }
        if rectify {
          a8.replace(with: 0, where: a8 .< 0)
          a4.replace(with: 0, where: a4 .< 0)
          (r0, r1, r2) = (max(r0, 0), max(r1, 0), max(r2, 0))
        }
        if has8 { UnsafeMutableRawPointer(dst + c0).storeBytes(of: a8, as: SIMD8<Float>.self) }
        if has4 { UnsafeMutableRawPointer(dst + o4).storeBytes(of: a4, as: SIMD4<Float>.self) }
        if rem > 0 { dst[oS] = r0 }
        if rem > 1 { dst[oS + 1] = r1 }
        if rem > 2 { dst[oS + 2] = r2 }
      }
    }
  }

  /// Splits the rows of `a` into about `parts` contiguous blocks of near-equal cost, counting
  /// one unit per row and one per entry.
  public static func rowBlocks(_ a: CSRMatrix, parts: Int) -> [Range<Int>] {
    let rows = a.rowCount
    guard rows > 0 else { return [] }
    let parts = max(1, min(parts, rows))
    if parts == 1 { return [0..<rows] }
    let total = a.nonzeroCount + rows
    var bounds = [0]
    let rp = a.rowPointers
    for p in 1..<parts {
      let target = total * p / parts
      // smallest i with rp[i] + i >= target
      var lo = bounds.last!
      var hi = rows
      while lo < hi {
        let mid = (lo + hi) / 2
        if rp[mid] + mid < target { lo = mid + 1 } else { hi = mid }
      }
      if lo > bounds.last! { bounds.append(lo) }
    }
    if bounds.last! != rows { bounds.append(rows) }
    return (0..<(bounds.count - 1)).map { bounds[$0]..<bounds[$0 + 1] }
  }
}
