import Tensors

/// What a layer consumes — node features entering it: a dense `[N, F]` variable, or a constant sparse `[N, F]`
/// matrix (bag-of-words features such as Cora's are 1.3 % dense).
///
/// Layers multiply either form by their weight with ``matmul(_:)``: the sparse form takes the
/// sparse × dense kernel directly and never densifies. Dropout on sparse features drops stored
/// entries only ("dropout over non-zeros"), which is what dense dropout does to them too: a zero
/// stays zero whether or not it is dropped.
public enum LayerInput {
  /// Dense features (a hidden representation, or dense input).
  case dense(Variable)
  /// Sparse constant input features.
  case sparse(CSRMatrix)

  /// Number of nodes.
  public var nodeCount: Int {
    switch self {
    case .dense(let v): return v.value.rowCount
    case .sparse(let m): return m.rowCount
    }
  }

  /// Feature dimension.
  public var dimension: Int {
    switch self {
    case .dense(let v): return v.value.columnCount
    case .sparse(let m): return m.columnCount
    }
  }

  /// `X · W` for a weight `W` of shape `[F, out]`.
  public func matmul(_ weight: Variable) throws -> Variable {
    switch self {
    case .dense(let x): return try Tensors.matmul(x, weight)
    case .sparse(let m): return try Tensors.spmm(m, weight)
    }
  }

  /// Inverted dropout with probability `p`, over stored entries for sparse features.
  public func dropout(_ p: Float, random: RandomSource) throws -> LayerInput {
    guard p > 0 else { return self }
    switch self {
    case .dense(let x):
      return .dense(try Tensors.dropout(x, probability: p, generator: &random.generator))
    case .sparse(let m):
      guard p < 1 else {
        throw TensorError.value("LayerInput.dropout", expected: "a probability in [0, 1)", actual: "\(p)")
      }
      let scale = 1 / (1 - p)
      var mask = [Float](repeating: 0, count: m.nonzeroCount)
      mask.withUnsafeMutableBufferPointer { random.generator.fillDropoutMask($0, dropProbability: p, keptValue: scale) }
      var values = m.values
      for k in 0..<values.count { values[k] *= mask[k] }
      return .sparse(try m.withValues(values))
    }
  }

  /// The features as a dense variable (densifies sparse input; for small inputs and tests).
  public func densified() -> Variable {
    switch self {
    case .dense(let v): return v
    case .sparse(let m): return Variable(m.toDense())
    }
  }
}
