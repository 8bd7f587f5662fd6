extension Kernels {
  /// Sampled dense–dense matrix product: for every stored entry (i, j) of `pattern`, the dot
  /// product of row i of `a` and row j of `b`. Multi-threaded over blocks of rows.
  ///
  /// Shapes: `pattern` `[m, k]`, `a` `[m, d]`, `b` `[k, d]`; the result `[nnz]`, in the order
  /// of the pattern's entries.
  /// - Throws: ``TensorError`` when the shapes do not fit the pattern.
  public static func sddmm(
    pattern: CSRMatrix, _ a: Tensor, _ b: Tensor, threads: Int = Parallelism.threadCount
  ) throws -> Tensor {
    guard a.rank == 2, b.rank == 2, a.shape[0] == pattern.rowCount, b.shape[0] == pattern.columnCount,
      a.shape[1] == b.shape[1]
    else {
      throw TensorError.shape(
        "sddmm",
        expected:
          "lhs [\(pattern.rowCount), d] and rhs [\(pattern.columnCount), d] for a \(pattern.rowCount) × \(pattern.columnCount) pattern",
        actual: "lhs \(describe(a.shape)), rhs \(describe(b.shape))")
    }
    let d = a.shape[1]
    var out = [Float](repeating: 0, count: pattern.nonzeroCount)
    let threads = pattern.nonzeroCount * d < Parallelism.minimumParallelWork ? 1 : threads
    let blocks = rowBlocks(pattern, parts: threads <= 1 ? 1 : threads * 8)
    pattern.rowPointers.withUnsafeBufferPointer { rp in
      pattern.columnIndices.withUnsafeBufferPointer { ci in
        a.withUnsafeBufferPointer { ap in
          b.withUnsafeBufferPointer { bp in
            out.withUnsafeMutableBufferPointer { op in
              nonisolated(unsafe) let ptrs = (
                rp.baseAddress!, ci.baseAddress, ap.baseAddress, bp.baseAddress, op.baseAddress
              )
              Parallelism.forEach(chunks: blocks.count, threads: threads) { block in
                let (rp, ci, ap, bp, op) = ptrs
                for i in blocks[block] {
                  let rowA = ap! + i * d
                  for e in rp[i]..<rp[i + 1] {
                    let rowB = bp! + Int(ci![e]) * d
                    var s: Float = 0
                    for c in 0..<d { s += rowA[c] * rowB[c] }
                    op![e] = s
                  }
                }
              }
            }
          }
        }
      }
    }
    return Tensor(uncheckedShape: [pattern.nonzeroCount], scalars: out)
  }

  /// Per-entry sum of a source score and a target score, `out[e] = source[i] + target[j]` for
  /// entry e = (i, j) — the attention logits of GAT before the LeakyReLU ("u_add_v" in DGL).
  ///
  /// Shapes: `source` `[m]` (or `[m, 1]`), `target` `[k]` (or `[k, 1]`) for an `[m, k]`
  /// pattern; the result `[nnz]`.
  public static func edgeAdd(pattern: CSRMatrix, source: Tensor, target: Tensor) throws -> Tensor {
    guard source.count == pattern.rowCount, target.count == pattern.columnCount,
      source.rank <= 1 || source.columnCount == 1, target.rank <= 1 || target.columnCount == 1
    else {
      throw TensorError.shape(
        "edgeAdd", expected: "source [\(pattern.rowCount)] and target [\(pattern.columnCount)]",
        actual: "source \(describe(source.shape)), target \(describe(target.shape))")
    }
    var out = [Float](repeating: 0, count: pattern.nonzeroCount)
    for i in 0..<pattern.rowCount {
      let s = source.scalars[i]
      for e in pattern.rowPointers[i]..<pattern.rowPointers[i + 1] {
        out[e] = s + target.scalars[Int(pattern.columnIndices[e])]
      }
    }
    return Tensor(uncheckedShape: [pattern.nonzeroCount], scalars: out)
  }
}
