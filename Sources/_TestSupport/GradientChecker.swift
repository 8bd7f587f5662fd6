import Tensors

/// The outcome of comparing an operation's analytic gradient with central finite differences.
public struct GradientCheckResult: CustomStringConvertible, Sendable {
  /// Per input: ‖analytic − numeric‖ / max(‖analytic‖ + ‖numeric‖, 1e-6).
  public var relativeErrors: [Double]
  /// The largest of ``relativeErrors``.
  public var worstRelativeError: Double { relativeErrors.max() ?? 0 }
  /// A readable summary of the value.
  public var description: String {
    "relative errors per input: " + relativeErrors.map { String(format: "%.2e", $0) }.joined(separator: ", ")
  }
}

/// Checks the gradients of `function` at `inputs` against central finite differences.
///
/// The function may return a variable of any shape: it is reduced to the scalar
/// `Σ out ⊙ R` with a fixed random `R`, so every output element's gradient is tested. The
/// numeric derivative of each input element is `(f(x + h) − f(x − h)) / 2h`, evaluated in
/// `Float` but summed in `Double`; the analytic one comes from ``Variable/backward(seed:)``.
///
/// - Parameters:
///   - inputs: the points at which to differentiate; one `Variable` per input is created with
///     `requiresGradient: true`.
///   - step: the finite-difference step h.
///   - seed: fixes the random projection `R`.
public func checkGradients(
  at inputs: [Tensor], step: Float = 1e-2, seed: UInt64 = 7,
  _ function: ([Variable]) throws -> Variable
) throws -> GradientCheckResult {
  // The projection R, fixed by one forward pass.
  let probe = try function(inputs.map { Variable($0) })
  var rng = Xoshiro256StarStar(seed: seed)
  let projection = Tensor.randomUniform(shape: probe.shape, lowerBound: -1, upperBound: 1, generator: &rng)

  func objective(_ values: [Tensor]) throws -> Double {
    let out = try function(values.map { Variable($0) }).value
    var s: Double = 0
    for i in 0..<out.count { s += Double(out[i]) * Double(projection[i]) }
    return s
  }

  let variables = inputs.map { Variable($0, requiresGradient: true) }
  try function(variables).backward(seed: projection)

  var errors: [Double] = []
  for (k, input) in inputs.enumerated() {
    let analytic = variables[k].gradient ?? Tensor(zeros: input.shape)
    var numeric = [Double](repeating: 0, count: input.count)
    for i in 0..<input.count {
      var plus = inputs
      var minus = inputs
      plus[k][i] += step
      minus[k][i] -= step
      let h = Double(plus[k][i]) - Double(minus[k][i])
      numeric[i] = (try objective(plus) - objective(minus)) / h
    }
    var diff: Double = 0
    var na: Double = 0
    var nn: Double = 0
    for i in 0..<input.count {
      let a = Double(analytic[i])
      diff += (a - numeric[i]) * (a - numeric[i])
      na += a * a
      nn += numeric[i] * numeric[i]
    }
    errors.append(diff.squareRoot() / max(na.squareRoot() + nn.squareRoot(), 1e-6))
  }
  return GradientCheckResult(relativeErrors: errors)
}

#if canImport(Foundation)
  import Foundation
#endif
