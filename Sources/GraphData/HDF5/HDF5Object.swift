import CHDF5

/// An open HDF5 group or dataset: something that has a path in its file and carries
/// attributes.
///
/// Attributes are written as HDF5 attributes on the object: integers as little-endian `int64`,
/// floats as `float64`, strings as variable-length UTF-8 (what h5py writes for a Python `str`),
/// integer vectors as 1-D `int64`. Reads accept what h5py writes for the same Python values,
/// including NumPy `bool` (an HDF5 enumeration) and fixed-length byte strings.
protocol HDF5Object: AnyObject {
  /// The HDF5 identifier, valid while the object is open.
  var id: hid_t { get }
  /// The object's absolute path in its file, e.g. `/graph/indptr`.
  var path: String { get }
}

extension HDF5Object {
  /// The full name of attribute `name` for messages: `/graph/format_version`-style.
  func attributePath(_ name: String) -> String {
    path == "/" ? "/\(name)" : "\(path)/\(name)"
  }

  /// Whether the object has an attribute called `name`.
  func hasAttribute(_ name: String) throws -> Bool {
    HDF5Library.prepare()
    return try HDF5Library.check(tri: H5Aexists(id, name), "look up attribute '\(attributePath(name))'")
  }

  /// Names of all attributes, in creation order where tracked, otherwise by name.
  func attributeNames() throws -> [String] {
    HDF5Library.prepare()
    var info = H5O_info_t()
    try HDF5Library.check(H5Oget_info2(id, &info, UInt32(H5O_INFO_NUM_ATTRS)), "inspect '\(path)'")
    var names: [String] = []
    for i in 0..<info.num_attrs {
      let length = H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, graphkd_H5P_DEFAULT())
      try HDF5Library.check(herr_t(clamping: length), "list attributes of '\(path)'")
      var buffer = [CChar](repeating: 0, count: Int(length) + 1)
      _ = H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, graphkd_H5P_DEFAULT())
      names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return names
  }

  /// Deletes attribute `name` if present.
  func removeAttribute(_ name: String) throws {
    guard try hasAttribute(name) else { return }
    try HDF5Library.check(H5Adelete(id, name), "delete attribute '\(attributePath(name))'")
  }

  // MARK: Writing

  /// Writes (replacing) a scalar `int64` attribute.
  func setAttribute(_ name: String, integer value: Int) throws {
    var v = Int64(value)
    try writeAttribute(name, fileType: graphkd_H5T_STD_I64LE(), memoryType: graphkd_H5T_NATIVE_INT64(), dims: nil) {
      try HDF5Library.check(H5Awrite($0, graphkd_H5T_NATIVE_INT64(), &v), "write attribute '\(attributePath(name))'")
    }
  }

  /// Writes (replacing) a scalar `uint64` attribute.
  func setAttribute(_ name: String, unsigned value: UInt64) throws {
    var v = value
    try writeAttribute(name, fileType: graphkd_H5T_STD_U64LE(), memoryType: graphkd_H5T_NATIVE_UINT64(), dims: nil) {
      try HDF5Library.check(H5Awrite($0, graphkd_H5T_NATIVE_UINT64(), &v), "write attribute '\(attributePath(name))'")
    }
  }

  /// Writes (replacing) a scalar `float64` attribute.
  func setAttribute(_ name: String, double value: Double) throws {
    var v = value
    try writeAttribute(name, fileType: graphkd_H5T_IEEE_F64LE(), memoryType: graphkd_H5T_NATIVE_DOUBLE(), dims: nil) {
      try HDF5Library.check(H5Awrite($0, graphkd_H5T_NATIVE_DOUBLE(), &v), "write attribute '\(attributePath(name))'")
    }
  }

  /// Writes (replacing) a 1-D `int64` attribute.
  func setAttribute(_ name: String, integers values: [Int]) throws {
    let v = values.map { Int64($0) }
    try writeAttribute(name, fileType: graphkd_H5T_STD_I64LE(), memoryType: graphkd_H5T_NATIVE_INT64(), dims: [v.count])
    {
      attribute in
      try v.withUnsafeBufferPointer { p in
        try HDF5Library.check(
          H5Awrite(attribute, graphkd_H5T_NATIVE_INT64(), p.baseAddress), "write attribute '\(attributePath(name))'")
      }
    }
  }

  /// Writes (replacing) a scalar variable-length UTF-8 string attribute.
  func setAttribute(_ name: String, string value: String) throws {
    let type = try HDF5StringType.variableUTF8()
    defer { H5Tclose(type) }
    try writeAttribute(name, fileType: type, memoryType: type, dims: nil) { attribute in
      try value.withCString { cString in
        var pointer: UnsafePointer<CChar>? = cString
        try HDF5Library.check(H5Awrite(attribute, type, &pointer), "write attribute '\(attributePath(name))'")
      }
    }
  }

  private func writeAttribute(
    _ name: String, fileType: hid_t, memoryType: hid_t, dims: [Int]?, write: (hid_t) throws -> Void
  ) throws {
    HDF5Library.prepare()
    try removeAttribute(name)
    let space: hid_t
    if let dims {
      var d = dims.map { hsize_t($0) }
      space = try HDF5Library.check(H5Screate_simple(Int32(d.count), &d, nil), "create dataspace")
    } else {
      space = try HDF5Library.check(H5Screate(H5S_SCALAR), "create dataspace")
    }
    defer { H5Sclose(space) }
    let attribute = try HDF5Library.check(
      H5Acreate2(id, name, fileType, space, graphkd_H5P_DEFAULT(), graphkd_H5P_DEFAULT()),
      "create attribute '\(attributePath(name))'")
    defer { H5Aclose(attribute) }
    try write(attribute)
  }

  // MARK: Reading

  /// The stored element type and element count of attribute `name`.
  func attributeInfo(_ name: String) throws -> (type: HDF5ElementType, count: Int) {
    try withAttribute(name) { attribute, fileType, count in (HDF5ElementType(type: fileType), count) }
  }

  /// Reads attribute `name` as integers (any integer width, or an enumeration such as h5py's
  /// `bool`). Throws ``HDF5AttributeError`` when it holds another type.
  func integerAttribute(_ name: String) throws -> [Int] {
    try withAttribute(name) { attribute, fileType, count in
      let element = HDF5ElementType(type: fileType)
      switch element {
      case .integer:
        var values = [Int64](repeating: 0, count: count)
        try HDF5Library.check(
          H5Aread(attribute, graphkd_H5T_NATIVE_INT64(), &values), "read attribute '\(attributePath(name))'")
        return values.map { Int($0) }
      case .enumeration(let bytes) where bytes <= 8:
        // HDF5 has no enum → integer conversion; read the raw base integers instead.
        let base = H5Tget_super(fileType)
        defer { H5Tclose(base) }
        let native = H5Tget_native_type(base, H5T_DIR_ASCEND)
        defer { H5Tclose(native) }
        let signed = H5Tget_sign(base) != H5T_SGN_NONE
        var raw = [UInt8](repeating: 0, count: count * bytes)
        try HDF5Library.check(H5Aread(attribute, native, &raw), "read attribute '\(attributePath(name))'")
        return (0..<count).map { i in
          var v: UInt64 = 0
          for b in 0..<bytes { v |= UInt64(raw[i * bytes + b]) << (8 * UInt64(b)) }
          if signed && bytes < 8 && (v >> (8 * UInt64(bytes) - 1)) & 1 == 1 { v |= ~0 << (8 * UInt64(bytes)) }
          return Int(Int64(bitPattern: v))
        }
      default:
        throw HDF5AttributeError.wrongType(expected: "an integer", actual: element)
      }
    }
  }

  /// Reads attribute `name` as unsigned 64-bit integers (any integer type converts).
  func unsignedAttribute(_ name: String) throws -> [UInt64] {
    try withAttribute(name) { attribute, fileType, count in
      let element = HDF5ElementType(type: fileType)
      guard case .integer(_, let signed) = element else {
        if element.isInteger { return try integerAttribute(name).map { UInt64(bitPattern: Int64($0)) } }
        throw HDF5AttributeError.wrongType(expected: "an integer", actual: element)
      }
      if signed {
        return try integerAttribute(name).map { UInt64(bitPattern: Int64($0)) }
      }
      var values = [UInt64](repeating: 0, count: count)
      try HDF5Library.check(
        H5Aread(attribute, graphkd_H5T_NATIVE_UINT64(), &values), "read attribute '\(attributePath(name))'")
      return values
    }
  }

  /// Reads attribute `name` as doubles (any integer or float type converts).
  func doubleAttribute(_ name: String) throws -> [Double] {
    try withAttribute(name) { attribute, fileType, count in
      let element = HDF5ElementType(type: fileType)
      guard element.isNumeric else { throw HDF5AttributeError.wrongType(expected: "a number", actual: element) }
      var values = [Double](repeating: 0, count: count)
      try HDF5Library.check(
        H5Aread(attribute, graphkd_H5T_NATIVE_DOUBLE(), &values), "read attribute '\(attributePath(name))'")
      return values
    }
  }

  /// Reads attribute `name` as strings (variable-length or fixed-length, UTF-8 or ASCII).
  func stringAttribute(_ name: String) throws -> [String] {
    try withAttribute(name) { attribute, fileType, count in
      let element = HDF5ElementType(type: fileType)
      guard case .string = element else { throw HDF5AttributeError.wrongType(expected: "a string", actual: element) }
      return try HDF5StringType.read(
        fileType: fileType, count: count, operation: "read attribute '\(attributePath(name))'"
      ) {
        memoryType, buffer in H5Aread(attribute, memoryType, buffer)
      }
    }
  }

  private func withAttribute<R>(_ name: String, _ body: (hid_t, hid_t, Int) throws -> R) throws -> R {
    HDF5Library.prepare()
    let attribute = try HDF5Library.check(
      H5Aopen(id, name, graphkd_H5P_DEFAULT()), "open attribute '\(attributePath(name))'")
    defer { H5Aclose(attribute) }
    let type = try HDF5Library.check(H5Aget_type(attribute), "get type of '\(attributePath(name))'")
    defer { H5Tclose(type) }
    let space = try HDF5Library.check(H5Aget_space(attribute), "get dataspace of '\(attributePath(name))'")
    defer { H5Sclose(space) }
    let count = Int(H5Sget_simple_extent_npoints(space))
    return try body(attribute, type, count)
  }
}

/// An attribute that exists but holds a value of the wrong type.
enum HDF5AttributeError: Error {
  /// `expected` describes the accepted type ("an integer"); `actual` what is stored.
  case wrongType(expected: String, actual: HDF5ElementType)
}
