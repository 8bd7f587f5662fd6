#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Element-wise `log σ(x) = −log(1 + e^{−x})`, computed as `min(x, 0) − log1p(e^{−|x|})` so it
/// neither overflows nor loses all precision for large `|x|` (BPR's `log σ(ŷ_ui − ŷ_uj)`).
///
/// Pullback: `∂x = g · σ(−x)`.
public func logSigmoid(_ x: Variable) -> Variable {
  let y = x.value.map { v in min(v, 0) - log1pf(expf(-abs(v))) }
  // σ(−v), evaluated on the side that cannot overflow.
  let complement = x.value.map { v in v >= 0 ? expf(-v) / (1 + expf(-v)) : 1 / (1 + expf(v)) }
  return Variable(value: y, parents: [x]) { g in [g.zipMap(complement, *)] }
}
