import CHDF5

/// An open HDF5 file. Close it with ``close()`` to learn whether the final flush succeeded;
/// a file dropped without closing is closed in `deinit`, ignoring errors.
///
/// Files are opened with the "strong" close degree: closing the file also closes every group
/// and dataset still open in it, so once ``close()`` returns the file is complete on disk and
/// may be renamed.
final class HDF5File {
  /// The HDF5 file identifier.
  let id: hid_t
  /// The path the file was opened with.
  let path: String
  private var isOpen = true

  private init(id: hid_t, path: String) {
    self.id = id
    self.path = path
  }

  /// Creates a new file at `path`; fails if a file is already there.
  static func create(at path: String) throws -> HDF5File {
    HDF5Library.prepare()
    let access = try makeAccessList()
    defer { H5Pclose(access) }
    let id = try HDF5Library.check(
      H5Fcreate(path, graphkd_H5F_ACC_EXCL(), graphkd_H5P_DEFAULT(), access), "create HDF5 file")
    return HDF5File(id: id, path: path)
  }

  /// Opens the existing file at `path`, read-only unless `writable`.
  static func open(at path: String, writable: Bool = false) throws -> HDF5File {
    HDF5Library.prepare()
    let access = try makeAccessList()
    defer { H5Pclose(access) }
    let mode = writable ? graphkd_H5F_ACC_RDWR() : graphkd_H5F_ACC_RDONLY()
    let id = try HDF5Library.check(H5Fopen(path, mode, access), "open HDF5 file")
    return HDF5File(id: id, path: path)
  }

  /// Whether the file at `path` starts with an HDF5 signature (`nil` when it cannot be read).
  static func hasSignature(at path: String) -> Bool? {
    HDF5Library.prepare()
    let result = H5Fis_hdf5(path)
    if result < 0 {
      _ = HDF5Library.takeErrorMessage()
      return nil
    }
    return result > 0
  }

  private static func makeAccessList() throws -> hid_t {
    let access = try HDF5Library.check(H5Pcreate(graphkd_H5P_FILE_ACCESS()), "create file access list")
    do {
      try HDF5Library.check(H5Pset_fclose_degree(access, H5F_CLOSE_STRONG), "set file close degree")
    } catch {
      H5Pclose(access)
      throw error
    }
    return access
  }

  /// The root group `/`.
  func root() throws -> HDF5Group {
    HDF5Library.prepare()
    let group = try HDF5Library.check(H5Gopen2(id, "/", graphkd_H5P_DEFAULT()), "open group '/'")
    return HDF5Group(id: group, path: "/")
  }

  /// Flushes and closes the file (and every object still open in it).
  func close() throws {
    guard isOpen else { return }
    isOpen = false
    HDF5Library.prepare()
    try HDF5Library.check(H5Fclose(id), "close HDF5 file")
  }

  deinit {
    if isOpen {
      HDF5Library.prepare()
      H5Fclose(id)
    }
  }
}
