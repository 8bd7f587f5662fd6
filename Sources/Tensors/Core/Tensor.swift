/// A dense array of `Float` values of rank 0 (a scalar), 1 (a vector) or 2 (a matrix), stored
/// row-major.
///
/// `Tensor` is a value: assigning it copies, and the copy of its storage is deferred until one
/// side is mutated (copy-on-write, through `Array`). Shapes are checked when a tensor is built:
/// `Tensor(shape: [2, 3], scalars: ...)` throws a ``TensorError`` naming the expected and the
/// actual element count.
///
/// ```swift
/// let a = try Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
/// let b = Tensor(zeros: [2, 2])
/// print(a[1, 0])   // 3.0
/// ```
public struct Tensor: Sendable, Equatable, CustomStringConvertible {
  /// The extent of each dimension: `[]`, `[n]` or `[rows, columns]`.
  public private(set) var shape: [Int]
  /// The elements, row-major; `scalars.count == shape.reduce(1, *)`.
  public private(set) var scalars: [Float]

  /// Creates a tensor from its shape and row-major elements.
  /// - Throws: ``TensorError`` if the rank is above 2, an extent is negative, or the element
  ///   count differs from the product of the extents.
  public init(shape: [Int], scalars: [Float]) throws {
    try Tensor.checkShape(shape, operation: "Tensor.init")
    let count = shape.reduce(1, *)
    guard scalars.count == count else {
      throw TensorError.shape(
        "Tensor.init", expected: "\(count) elements for shape \(describe(shape))",
        actual: "\(scalars.count) elements")
    }
    self.shape = shape
    self.scalars = scalars
  }

  /// Creates a tensor without checking; for kernels that build the storage themselves.
  @usableFromInline
  init(uncheckedShape shape: [Int], scalars: [Float]) {
    assert(shape.count <= 2 && shape.reduce(1, *) == scalars.count)
    self.shape = shape
    self.scalars = scalars
  }

  /// A tensor of the given shape filled with `value`.
  public init(repeating value: Float, shape: [Int]) {
    precondition(shape.count <= 2 && shape.allSatisfy { $0 >= 0 }, "invalid shape \(shape)")
    self.shape = shape
    self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// A tensor of zeros.
  public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

  /// A rank-0 tensor holding `value`.
  public init(_ value: Float) {
    self.shape = []
    self.scalars = [value]
  }

  /// A rank-1 tensor holding `values`.
  public init(_ values: [Float]) {
    self.shape = [values.count]
    self.scalars = values
  }

  /// A rank-2 tensor from nested rows.
  /// - Throws: ``TensorError`` if the rows differ in length.
  public init(rows: [[Float]]) throws {
    let columns = rows.first?.count ?? 0
    for (r, row) in rows.enumerated() where row.count != columns {
      throw TensorError.shape(
        "Tensor.init(rows:)", expected: "\(columns) values in every row",
        actual: "\(row.count) in row \(r)")
    }
    self.shape = [rows.count, columns]
    self.scalars = rows.flatMap { $0 }
  }

  static func checkShape(_ shape: [Int], operation: String) throws {
    guard shape.count <= 2 else {
      throw TensorError.shape(operation, expected: "rank 0, 1 or 2", actual: "shape \(describe(shape))")
    }
    guard shape.allSatisfy({ $0 >= 0 }) else {
      throw TensorError.value(
        operation, expected: "non-negative extents", actual: "shape \(describe(shape))")
    }
  }

  /// The number of dimensions.
  @inlinable public var rank: Int { shape.count }
  /// The number of elements.
  @inlinable public var count: Int { scalars.count }
  /// Rows of a matrix; 1 for a vector or scalar.
  @inlinable public var rowCount: Int { shape.count == 2 ? shape[0] : 1 }
  /// Columns of a matrix, the length of a vector, 1 for a scalar.
  @inlinable public var columnCount: Int { shape.last ?? 1 }

  /// The single element of a tensor with one element.
  public var scalar: Float {
    precondition(count == 1, "Tensor.scalar: expected one element, but got shape \(describe(shape))")
    return scalars[0]
  }

  /// Element `(row, column)` of a matrix.
  public subscript(row: Int, column: Int) -> Float {
    get { scalars[row * shape[1] + column] }
    set { scalars[row * shape[1] + column] = newValue }
  }

  /// Element `i` of the row-major storage.
  public subscript(index: Int) -> Float {
    get { scalars[index] }
    set { scalars[index] = newValue }
  }

  /// The same elements under another shape with the same element count.
  public func reshaped(_ newShape: [Int]) throws -> Tensor {
    try Tensor(shape: newShape, scalars: scalars)
  }

  /// Calls `body` with the elements.
  @inlinable
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
    try scalars.withUnsafeBufferPointer(body)
  }

  /// Calls `body` with mutable access to the elements (copying the storage first if shared).
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try scalars.withUnsafeMutableBufferPointer(body)
  }

  /// Row `r` of a matrix as a vector.
  public func row(_ r: Int) -> [Float] {
    let c = columnCount
    return Array(scalars[(r * c)..<((r + 1) * c)])
  }

  /// Whether every element is finite.
  public var isFinite: Bool {
    scalars.withUnsafeBufferPointer { p in
      for v in p where !v.isFinite { return false }
      return true
    }
  }

  /// Throws ``TensorError/Kind/nonFinite`` naming the first NaN or infinity, if any.
  public func checkFinite(operation: String, name: String = "input") throws {
    try scalars.withUnsafeBufferPointer { p in
      for i in 0..<p.count where !p[i].isFinite {
        throw TensorError.nonFinite(
          operation, expected: "finite values in \(name)", actual: "\(p[i]) at element \(i)")
      }
    }
  }

  /// The column-by-row transpose of a matrix (a vector or scalar is returned unchanged).
  public func transposed() -> Tensor {
    guard rank == 2 else { return self }
    let (r, c) = (shape[0], shape[1])
    var out = [Float](repeating: 0, count: r * c)
    scalars.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for i in 0..<r {
          for j in 0..<c { dst[j * r + i] = src[i * c + j] }
        }
      }
    }
    return Tensor(uncheckedShape: [c, r], scalars: out)
  }

  /// A readable summary of the value.
  public var description: String {
    switch rank {
    case 0: return "Tensor(\(scalars[0]))"
    case 1: return "Tensor(\(scalars))"
    default:
      let rows = (0..<min(shape[0], 6)).map { "  \(row($0))" }
      return "Tensor(shape: \(describe(shape)),\n\(rows.joined(separator: "\n"))\(shape[0] > 6 ? "\n  ..." : ""))"
    }
  }
}

// MARK: - Random initialisation

extension Tensor {
  /// Elements drawn uniformly from `[lowerBound, upperBound)`.
  public static func randomUniform(
    shape: [Int], lowerBound: Float = 0, upperBound: Float = 1,
    generator: inout Xoshiro256StarStar
  ) -> Tensor {
    var t = Tensor(zeros: shape)
    let width = upperBound - lowerBound
    t.withUnsafeMutableBufferPointer { p in
      for i in 0..<p.count { p[i] = lowerBound + width * generator.nextFloat() }
    }
    return t
  }

  /// Elements drawn from a normal distribution.
  public static func randomNormal(
    shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
    generator: inout Xoshiro256StarStar
  ) -> Tensor {
    var t = Tensor(zeros: shape)
    t.withUnsafeMutableBufferPointer { p in
      for i in 0..<p.count { p[i] = mean + standardDeviation * generator.nextNormal() }
    }
    return t
  }

  /// Glorot/Xavier uniform initialisation for a `[fanIn, fanOut]` weight:
  /// U(−a, a) with a = √(6 / (fanIn + fanOut)) (Glorot & Bengio, AISTATS 2010).
  public static func glorotUniform(
    fanIn: Int, fanOut: Int, generator: inout Xoshiro256StarStar
  ) -> Tensor {
    let a = (6.0 / Float(max(fanIn + fanOut, 1))).squareRoot()
    return randomUniform(shape: [fanIn, fanOut], lowerBound: -a, upperBound: a, generator: &generator)
  }
}
