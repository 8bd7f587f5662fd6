import CHDF5

/// An open HDF5 dataset: its shape, its stored element type, and whole-dataset reads straight
/// into Swift arrays.
final class HDF5Dataset: HDF5Object {
  /// The HDF5 dataset identifier.
  let id: hid_t
  /// The absolute path in the file.
  let path: String
  /// The extent of each dimension (`[]` for a scalar dataset).
  let shape: [Int]
  /// The element type as stored in the file.
  let elementType: HDF5ElementType

  init(id: hid_t, path: String) throws {
    self.id = id
    self.path = path
    do {
      let space = try HDF5Library.check(H5Dget_space(id), "get dataspace of '\(path)'")
      defer { H5Sclose(space) }
      let rank = Int(H5Sget_simple_extent_ndims(space))
      var dims = [hsize_t](repeating: 0, count: max(rank, 1))
      if rank > 0 { H5Sget_simple_extent_dims(space, &dims, nil) }
      self.shape = rank > 0 ? dims.map { Int($0) } : []
      let type = try HDF5Library.check(H5Dget_type(id), "get datatype of '\(path)'")
      defer { H5Tclose(type) }
      self.elementType = HDF5ElementType(type: type)
    } catch {
      H5Dclose(id)
      throw error
    }
  }

  deinit {
    if H5Iis_valid(id) > 0 { H5Dclose(id) }
  }

  /// The number of elements.
  var count: Int { shape.reduce(1, *) }

  /// Reads every element, converted by HDF5 to `T`, into a new array (row-major).
  ///
  /// The array is allocated once with `Array(unsafeUninitializedCapacity:)` and filled by a
  /// single `H5Dread`; there is no per-element work in Swift.
  func read<T: HDF5Scalar>(as type: T.Type) throws -> [T] {
    HDF5Library.prepare()
    let n = count
    return try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
      if n > 0 {
        try HDF5Library.check(
          H5Dread(id, T.memoryType, graphkd_H5S_ALL(), graphkd_H5S_ALL(), graphkd_H5P_DEFAULT(), buffer.baseAddress),
          "read dataset '\(path)'")
      }
      initialized = n
    }
  }

  /// Reads every element as a string (variable-length or fixed-length).
  func readStrings() throws -> [String] {
    HDF5Library.prepare()
    let type = try HDF5Library.check(H5Dget_type(id), "get datatype of '\(path)'")
    defer { H5Tclose(type) }
    return try HDF5StringType.read(fileType: type, count: count, operation: "read dataset '\(path)'") {
      memoryType, buffer in
      H5Dread(id, memoryType, graphkd_H5S_ALL(), graphkd_H5S_ALL(), graphkd_H5P_DEFAULT(), buffer)
    }
  }
}
