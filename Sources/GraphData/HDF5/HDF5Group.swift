import CHDF5
import Foundation

/// An open HDF5 group: creates and opens child groups and datasets.
final class HDF5Group: HDF5Object {
  /// The HDF5 group identifier.
  let id: hid_t
  /// The absolute path, `/` for the root.
  let path: String

  init(id: hid_t, path: String) {
    self.id = id
    self.path = path
  }

  deinit {
    if H5Iis_valid(id) > 0 { H5Gclose(id) }
  }

  /// What a link in a group points at.
  enum ChildKind: Equatable {
    case group
    case dataset
    case other
  }

  /// The absolute path of child `name`.
  func childPath(_ name: String) -> String { path == "/" ? "/\(name)" : "\(path)/\(name)" }

  /// The kind of child `name`, or `nil` when there is no such link.
  func child(_ name: String) throws -> ChildKind? {
    HDF5Library.prepare()
    guard try HDF5Library.check(tri: H5Lexists(id, name, graphkd_H5P_DEFAULT()), "look up '\(childPath(name))'") else {
      return nil
    }
    var info = H5O_info_t()
    try HDF5Library.check(
      H5Oget_info_by_name2(id, name, &info, UInt32(H5O_INFO_BASIC), graphkd_H5P_DEFAULT()),
      "inspect '\(childPath(name))'")
    switch info.type {
    case H5O_TYPE_GROUP: return .group
    case H5O_TYPE_DATASET: return .dataset
    default: return .other
    }
  }

  /// Names of the group's links, sorted by name.
  func childNames() throws -> [String] {
    HDF5Library.prepare()
    var info = H5G_info_t()
    try HDF5Library.check(H5Gget_info(id, &info), "list '\(path)'")
    var names: [String] = []
    for i in 0..<info.nlinks {
      let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, graphkd_H5P_DEFAULT())
      guard length >= 0 else { throw HDF5Error(operation: "list '\(path)'", message: HDF5Library.takeErrorMessage()) }
      var buffer = [CChar](repeating: 0, count: Int(length) + 1)
      _ = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, graphkd_H5P_DEFAULT())
      names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    return names
  }

  /// Opens child group `name`.
  func openGroup(_ name: String) throws -> HDF5Group {
    HDF5Library.prepare()
    let group = try HDF5Library.check(H5Gopen2(id, name, graphkd_H5P_DEFAULT()), "open group '\(childPath(name))'")
    return HDF5Group(id: group, path: childPath(name))
  }

  /// Creates child group `name` (without modification-time stamps, so rebuilt files are
  /// byte-for-byte reproducible).
  func createGroup(_ name: String) throws -> HDF5Group {
    HDF5Library.prepare()
    let properties = try HDF5Library.check(H5Pcreate(graphkd_H5P_GROUP_CREATE()), "create group property list")
    defer { H5Pclose(properties) }
    try HDF5Library.check(H5Pset_obj_track_times(properties, false), "disable time tracking")
    let group = try HDF5Library.check(
      H5Gcreate2(id, name, graphkd_H5P_DEFAULT(), properties, graphkd_H5P_DEFAULT()),
      "create group '\(childPath(name))'")
    return HDF5Group(id: group, path: childPath(name))
  }

  /// Opens child group `name`, creating it when absent.
  func openOrCreateGroup(_ name: String) throws -> HDF5Group {
    try child(name) == .group ? openGroup(name) : createGroup(name)
  }

  /// Unlinks child `name` (its storage is not reclaimed until the file is repacked).
  func removeChild(_ name: String) throws {
    HDF5Library.prepare()
    try HDF5Library.check(H5Ldelete(id, name, graphkd_H5P_DEFAULT()), "delete '\(childPath(name))'")
  }

  /// Opens child dataset `name`.
  func openDataset(_ name: String) throws -> HDF5Dataset {
    HDF5Library.prepare()
    let dataset = try HDF5Library.check(H5Dopen2(id, name, graphkd_H5P_DEFAULT()), "open dataset '\(childPath(name))'")
    return try HDF5Dataset(id: dataset, path: childPath(name))
  }

  /// Creates dataset `name` of `shape` holding `values` (row-major), in `layout`.
  ///
  /// - Precondition: `values.count == shape.reduce(1, *)`.
  @discardableResult
  func createDataset<T: HDF5Scalar>(
    _ name: String, shape: [Int], values: UnsafeBufferPointer<T>, layout: HDF5DatasetLayout
  ) throws -> HDF5Dataset {
    precondition(values.count == shape.reduce(1, *), "createDataset: \(values.count) values for shape \(shape)")
    let dataset = try makeDataset(
      name, shape: shape, fileType: T.fileType, elementBytes: MemoryLayout<T>.stride, layout: layout)
    if values.count > 0 {
      try HDF5Library.check(
        H5Dwrite(
          dataset.id, T.memoryType, graphkd_H5S_ALL(), graphkd_H5S_ALL(), graphkd_H5P_DEFAULT(), values.baseAddress),
        "write dataset '\(dataset.path)'")
    }
    return dataset
  }

  /// Creates dataset `name` of `shape` holding `values` (row-major), in `layout`.
  @discardableResult
  func createDataset<T: HDF5Scalar>(
    _ name: String, shape: [Int]? = nil, values: [T], layout: HDF5DatasetLayout
  ) throws -> HDF5Dataset {
    try values.withUnsafeBufferPointer {
      try createDataset(name, shape: shape ?? [$0.count], values: $0, layout: layout)
    }
  }

  /// Creates a 1-D dataset of variable-length UTF-8 strings (h5py reads them as `str` with
  /// `.asstr()`, or as `bytes`).
  @discardableResult
  func createStringDataset(_ name: String, values: [String], layout: HDF5DatasetLayout) throws -> HDF5Dataset {
    let type = try HDF5StringType.variableUTF8()
    defer { H5Tclose(type) }
    let dataset = try makeDataset(name, shape: [values.count], fileType: type, elementBytes: 16, layout: layout)
    guard !values.isEmpty else { return dataset }
    var pointers = values.map { UnsafePointer<CChar>(strdup($0)) }
    defer { for p in pointers { free(UnsafeMutableRawPointer(mutating: p)) } }
    try pointers.withUnsafeMutableBufferPointer { p in
      try HDF5Library.check(
        H5Dwrite(dataset.id, type, graphkd_H5S_ALL(), graphkd_H5S_ALL(), graphkd_H5P_DEFAULT(), p.baseAddress),
        "write dataset '\(dataset.path)'")
    }
    return dataset
  }

  private func makeDataset(
    _ name: String, shape: [Int], fileType: hid_t, elementBytes: Int, layout: HDF5DatasetLayout
  ) throws -> HDF5Dataset {
    HDF5Library.prepare()
    var dims = shape.map { hsize_t($0) }
    let space = try HDF5Library.check(
      H5Screate_simple(Int32(dims.count), &dims, nil), "create dataspace for '\(childPath(name))'")
    defer { H5Sclose(space) }
    let properties = try HDF5Library.check(H5Pcreate(graphkd_H5P_DATASET_CREATE()), "create dataset property list")
    defer { H5Pclose(properties) }
    try HDF5Library.check(H5Pset_obj_track_times(properties, false), "disable time tracking")
    if let chunk = layout.chunkShape(for: shape, elementBytes: elementBytes), let level = layout.deflateLevel {
      var chunkDims = chunk.map { hsize_t($0) }
      try HDF5Library.check(H5Pset_chunk(properties, Int32(chunkDims.count), &chunkDims), "set chunk shape")
      if layout.shuffle { try HDF5Library.check(H5Pset_shuffle(properties), "enable the shuffle filter") }
      try HDF5Library.check(H5Pset_deflate(properties, UInt32(level)), "enable the deflate filter")
    }
    let dataset = try HDF5Library.check(
      H5Dcreate2(id, name, fileType, space, graphkd_H5P_DEFAULT(), properties, graphkd_H5P_DEFAULT()),
      "create dataset '\(childPath(name))'")
    return try HDF5Dataset(id: dataset, path: childPath(name))
  }
}
