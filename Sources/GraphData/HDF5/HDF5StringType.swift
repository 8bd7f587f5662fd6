import CHDF5

/// String datatypes: the variable-length UTF-8 type GraphKD writes (h5py's
/// `h5py.string_dtype()`), and reading of every string layout h5py produces.
enum HDF5StringType {
  /// A new variable-length UTF-8 string type; the caller closes it with `H5Tclose`.
  static func variableUTF8() throws -> hid_t {
    HDF5Library.prepare()
    let type = try HDF5Library.check(H5Tcopy(graphkd_H5T_C_S1()), "copy string type")
    do {
      try HDF5Library.check(H5Tset_size(type, graphkd_H5T_VARIABLE()), "make string type variable-length")
      try HDF5Library.check(H5Tset_cset(type, H5T_CSET_UTF8), "set string character set")
    } catch {
      H5Tclose(type)
      throw error
    }
    return type
  }

  /// Reads `count` strings stored with `fileType` through `read(memoryType, buffer)`, which
  /// wraps `H5Dread` or `H5Aread`.
  ///
  /// Variable-length strings are read as C string pointers, copied, and reclaimed with
  /// `H5Dvlen_reclaim`. Fixed-length strings are read as bytes; null padding and (for
  /// space-padded types) trailing spaces are removed.
  static func read(
    fileType: hid_t, count: Int, operation: String, read: (hid_t, UnsafeMutableRawPointer?) -> herr_t
  ) throws -> [String] {
    HDF5Library.prepare()
    guard count > 0 else { return [] }
    let cset = H5Tget_cset(fileType)
    if H5Tis_variable_str(fileType) > 0 {
      let memoryType = try HDF5Library.check(H5Tcopy(graphkd_H5T_C_S1()), operation)
      defer { H5Tclose(memoryType) }
      try HDF5Library.check(H5Tset_size(memoryType, graphkd_H5T_VARIABLE()), operation)
      try HDF5Library.check(H5Tset_cset(memoryType, cset), operation)
      var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
      try pointers.withUnsafeMutableBufferPointer { p in
        try HDF5Library.check(read(memoryType, UnsafeMutableRawPointer(p.baseAddress)), operation)
      }
      let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
      var dims = [hsize_t(count)]
      let space = H5Screate_simple(1, &dims, nil)
      if space >= 0 {
        _ = pointers.withUnsafeMutableBufferPointer { p in
          H5Dvlen_reclaim(memoryType, space, graphkd_H5P_DEFAULT(), UnsafeMutableRawPointer(p.baseAddress))
        }
        H5Sclose(space)
      }
      return strings
    }
    let width = Int(H5Tget_size(fileType))
    let padding = H5Tget_strpad(fileType)
    let memoryType = try HDF5Library.check(H5Tcopy(fileType), operation)
    defer { H5Tclose(memoryType) }
    var bytes = [UInt8](repeating: 0, count: count * width)
    try bytes.withUnsafeMutableBytes { p in
      try HDF5Library.check(read(memoryType, p.baseAddress), operation)
    }
    return (0..<count).map { i in
      var slice = bytes[(i * width)..<((i + 1) * width)]
      if let zero = slice.firstIndex(of: 0) { slice = slice[..<zero] }
      if padding == H5T_STR_SPACEPAD { while slice.last == 0x20 { slice = slice.dropLast() } }
      return String(decoding: slice, as: UTF8.self)
    }
  }
}
