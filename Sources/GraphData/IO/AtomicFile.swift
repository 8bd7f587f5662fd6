import Foundation

/// Crash-safe file output: everything is written to `<output>.tmp-<random>` in the output's
/// directory and renamed over the output with `rename(2)` only when complete, so readers see
/// either the old file or the whole new one, never a partial file. On any error the temporary
/// file is deleted and the output is left untouched.
enum AtomicFile {
  /// The path as the caller gave it, for messages.
  static func displayName(_ url: URL) -> String { url.relativePath }

  /// Fails with ``GraphDataError/Kind/outputExists`` when `url` exists and `overwrite` is false,
  /// and with ``GraphDataError/Kind/missingFile`` when its directory does not exist.
  static func checkOutput(_ url: URL, overwrite: Bool) throws {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
      if isDirectory.boolValue {
        throw GraphDataError(
          .io, file: displayName(url), location: .file, expected: "a file path for the output", actual: "a directory")
      }
      if !overwrite { throw GraphDataError.outputExists(displayName(url)) }
    }
    let directory = url.deletingLastPathComponent()
    guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw GraphDataError.missingFile(displayName(directory), expected: "an existing directory for the output")
    }
  }

  /// Writes `url` through `body`, which receives the temporary path to create.
  static func write(to url: URL, overwrite: Bool, _ body: (URL) throws -> Void) throws {
    try checkOutput(url, overwrite: overwrite)
    let temporary = temporaryURL(for: url)
    do {
      try body(temporary)
      try commit(temporary, to: url)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }

  /// Modifies the existing file `url` crash-safely: copies it to a temporary file, lets `body`
  /// change the copy, then renames the copy over the original — all under the file's
  /// ``FileWriteLock``, so that concurrent writers take turns and each changes the file as the
  /// previous one left it.
  static func modify(_ url: URL, _ body: (URL) throws -> Void) throws {
    guard FileManager.default.fileExists(atPath: url.path) else { throw GraphDataError.missingFile(displayName(url)) }
    try FileWriteLock.holding(url) { try copyModifyRename(url, body) }
  }

  private static func copyModifyRename(_ url: URL, _ body: (URL) throws -> Void) throws {
    let temporary = temporaryURL(for: url)
    do {
      do {
        try FileManager.default.copyItem(at: url, to: temporary)
      } catch {
        throw GraphDataError(
          .io, file: displayName(url), location: .file, expected: "a copy next to the file",
          actual: "\(error.localizedDescription)")
      }
      try body(temporary)
      try commit(temporary, to: url)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }

  private static func temporaryURL(for url: URL) -> URL {
    var bytes = SystemRandomNumberGenerator()
    let tag = String(bytes.next() & 0xFFFF_FFFF_FFFF, radix: 16)
    return url.deletingLastPathComponent().appendingPathComponent("\(url.lastPathComponent).tmp-\(tag)")
  }

  /// Flushes `temporary` to disk and renames it to `url`, then flushes the directory entry.
  private static func commit(_ temporary: URL, to url: URL) throws {
    let fd = open(temporary.path, O_RDONLY)
    if fd >= 0 {
      _ = fsync(fd)
      close(fd)
    }
    guard rename(temporary.path, url.path) == 0 else {
      let reason = String(cString: strerror(errno))
      throw GraphDataError(
        .io, file: displayName(url), location: .file, expected: "the finished file renamed into place",
        actual: "rename failed: \(reason)")
    }
    let directory = open(url.deletingLastPathComponent().path, O_RDONLY)
    if directory >= 0 {
      _ = fsync(directory)
      close(directory)
    }
  }
}
