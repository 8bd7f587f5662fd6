import Tensors

/// A shared, seeded random stream for a model's layers (dropout masks, edge dropping), so one
/// seed fixes every random draw of a training run.
public final class RandomSource {
  /// The generator; layers draw from it in a fixed order.
  public var generator: Xoshiro256StarStar

  /// Creates a source whose stream is fixed by `seed`.
  public init(seed: UInt64) { generator = Xoshiro256StarStar(seed: seed) }
}
