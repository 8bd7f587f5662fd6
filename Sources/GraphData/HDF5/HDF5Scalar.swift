import CHDF5

/// A Swift numeric type that HDF5 can read into and write from directly, with its native
/// memory datatype and the little-endian datatype used when GraphKD creates a dataset.
///
/// Reads pass `memoryType` to `H5Dread`, so HDF5 converts whatever integer or float type the
/// file holds (an h5py `int32` index array, a `float64` feature matrix) straight into a Swift
/// array without a per-element loop in Swift.
protocol HDF5Scalar: Sendable {
  /// The native type describing this Swift type in memory.
  static var memoryType: hid_t { get }
  /// The standard type written to new files.
  static var fileType: hid_t { get }
  /// Whether the values are integers (as opposed to floating point).
  static var isInteger: Bool { get }
}

extension Int8: HDF5Scalar {
  static var memoryType: hid_t { graphkd_H5T_NATIVE_INT8() }
  static var fileType: hid_t { graphkd_H5T_STD_I8LE() }
  static var isInteger: Bool { true }
}

extension UInt8: HDF5Scalar {
  static var memoryType: hid_t { graphkd_H5T_NATIVE_UINT8() }
  static var fileType: hid_t { graphkd_H5T_STD_U8LE() }
  static var isInteger: Bool { true }
}

extension Int32: HDF5Scalar {
  static var memoryType: hid_t { graphkd_H5T_NATIVE_INT32() }
  static var fileType: hid_t { graphkd_H5T_STD_I32LE() }
  static var isInteger: Bool { true }
}

extension Int: HDF5Scalar {
  static var memoryType: hid_t { graphkd_H5T_NATIVE_INT64() }
  static var fileType: hid_t { graphkd_H5T_STD_I64LE() }
  static var isInteger: Bool { true }
}

extension Float: HDF5Scalar {
  static var memoryType: hid_t { graphkd_H5T_NATIVE_FLOAT() }
  static var fileType: hid_t { graphkd_H5T_IEEE_F32LE() }
  static var isInteger: Bool { false }
}

extension Double: HDF5Scalar {
  static var memoryType: hid_t { graphkd_H5T_NATIVE_DOUBLE() }
  static var fileType: hid_t { graphkd_H5T_IEEE_F64LE() }
  static var isInteger: Bool { false }
}
