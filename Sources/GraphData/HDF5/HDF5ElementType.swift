import CHDF5

/// The element type of a dataset or attribute as stored in the file, in NumPy's vocabulary so
/// error messages read naturally to h5py users ("expected an integer dtype, but got float32").
enum HDF5ElementType: Equatable, Sendable, CustomStringConvertible {
  /// A signed or unsigned integer of `bytes` bytes.
  case integer(bytes: Int, signed: Bool)
  /// An IEEE float of `bytes` bytes.
  case float(bytes: Int)
  /// An enumeration over an integer base (h5py stores NumPy `bool` this way).
  case enumeration(bytes: Int)
  /// A string, variable-length or fixed-width (`bytes` per element).
  case string(variableLength: Bool, bytes: Int)
  /// Anything else (compound, array, opaque, reference …).
  case other(String)

  /// Classifies the datatype `type`.
  init(type: hid_t) {
    let bytes = Int(H5Tget_size(type))
    switch H5Tget_class(type) {
    case H5T_INTEGER: self = .integer(bytes: bytes, signed: H5Tget_sign(type) != H5T_SGN_NONE)
    case H5T_FLOAT: self = .float(bytes: bytes)
    case H5T_ENUM: self = .enumeration(bytes: bytes)
    case H5T_STRING: self = .string(variableLength: H5Tis_variable_str(type) > 0, bytes: bytes)
    case H5T_COMPOUND: self = .other("a compound type")
    case H5T_ARRAY: self = .other("an array type")
    case H5T_OPAQUE: self = .other("an opaque type")
    case H5T_REFERENCE: self = .other("a reference type")
    case H5T_VLEN: self = .other("a variable-length sequence type")
    case H5T_BITFIELD: self = .other("a bitfield type")
    case H5T_TIME: self = .other("a time type")
    default: self = .other("an unknown type")
    }
  }

  /// Whether values of this type convert to integers without loss of meaning.
  var isInteger: Bool {
    switch self {
    case .integer, .enumeration: return true
    default: return false
    }
  }

  /// Whether values of this type convert to floating point.
  var isNumeric: Bool {
    switch self {
    case .integer, .float: return true
    default: return false
    }
  }

  var description: String {
    switch self {
    case .integer(let bytes, let signed): return "\(signed ? "int" : "uint")\(bytes * 8)"
    case .float(let bytes): return "float\(bytes * 8)"
    case .enumeration(let bytes): return "enum (\(bytes)-byte integer base, e.g. bool)"
    case .string(let variable, let bytes):
      return variable ? "variable-length string" : "fixed-length string (\(bytes) bytes)"
    case .other(let text): return text
    }
  }
}
