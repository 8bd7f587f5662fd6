/// A fixed-width number type that can be stored in a NumPy `.npy` array.
public protocol NumPyScalar: Sendable {
  /// NumPy's type code and byte width: `("i", 4)` for `int32`, `("f", 8)` for `float64`.
  static var numpyType: (code: Character, size: Int) { get }
  /// The value's bytes in little-endian order.
  var littleEndianBytes: [UInt8] { get }
}

extension NumPyScalar where Self: FixedWidthInteger {
  /// The value's bytes in little-endian order.
  public var littleEndianBytes: [UInt8] { withUnsafeBytes(of: self.littleEndian) { Array($0) } }
}

extension Int8: NumPyScalar {
  /// `|i1`.
  public static var numpyType: (code: Character, size: Int) { ("i", 1) }
}
extension UInt8: NumPyScalar {
  /// `|u1`.
  public static var numpyType: (code: Character, size: Int) { ("u", 1) }
}
extension Int16: NumPyScalar {
  /// `<i2`.
  public static var numpyType: (code: Character, size: Int) { ("i", 2) }
}
extension Int32: NumPyScalar {
  /// `<i4`.
  public static var numpyType: (code: Character, size: Int) { ("i", 4) }
}
extension Int: NumPyScalar {
  /// `<i8`.
  public static var numpyType: (code: Character, size: Int) { ("i", 8) }
}
extension UInt32: NumPyScalar {
  /// `<u4`.
  public static var numpyType: (code: Character, size: Int) { ("u", 4) }
}
extension Float: NumPyScalar {
  /// `<f4`.
  public static var numpyType: (code: Character, size: Int) { ("f", 4) }
  /// The value's bytes in little-endian order.
  public var littleEndianBytes: [UInt8] { bitPattern.littleEndianBytes }
}
extension Double: NumPyScalar {
  /// `<f8`.
  public static var numpyType: (code: Character, size: Int) { ("f", 8) }
  /// The value's bytes in little-endian order.
  public var littleEndianBytes: [UInt8] { bitPattern.littleEndianBytes }
}
extension UInt64: NumPyScalar {
  /// `<u8`.
  public static var numpyType: (code: Character, size: Int) { ("u", 8) }
}
