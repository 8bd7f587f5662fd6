import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive advisory lock on a file that is about to be rewritten by copy, modify and rename,
/// so that writers in several processes take turns instead of erasing each other's work: each
/// one copies the file as the previous writer left it. Readers never take it and are never
/// blocked.
///
/// It is an open-file-description lock (`fcntl(F_OFD_SETLK)`, Linux 3.15+) on the whole file:
/// unlike `flock(2)` it does not collide with the shared `flock` HDF5 takes when it opens the
/// file for reading, and unlike a classic POSIX lock it is not dropped when the same process
/// closes another descriptor of the file (copying it does).
///
/// The lock is on the file's inode. A writer that renames a new file into place replaces that
/// inode, so after acquiring the lock the path is checked to still name the locked inode, and
/// the lock is taken again on the new one when it does not.
final class FileWriteLock {
  private let descriptor: Int32

  /// How long a writer waits for another one before giving up with an error.
  static let defaultTimeout: Duration = .seconds(300)

  /// Waits for the exclusive lock on the file at `url`, polling every 20 ms.
  /// - Throws: ``GraphDataError`` when the file cannot be opened, or another process holds the
  ///   lock for longer than `timeout`.
  init(_ url: URL, timeout: Duration = FileWriteLock.defaultTimeout) throws {
    let display = AtomicFile.displayName(url)
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
      let fd = open(url.path, O_RDWR | O_CLOEXEC)
      guard fd >= 0 else {
        if errno == ENOENT { throw GraphDataError.missingFile(display) }
        throw GraphDataError(
          .io, file: display, location: .file, expected: "a writable file to lock for writing",
          actual: String(cString: strerror(errno)))
      }
      var locked = false
      while !locked {
        if Self.lock(fd, type: F_WRLCK) == 0 {
          locked = true
        } else if errno == EAGAIN || errno == EACCES || errno == EINTR {
          guard clock.now < deadline else {
            close(fd)
            throw GraphDataError(
              .io, file: display, location: .file,
              expected: "its write lock within \(timeout.components.seconds) s",
              actual: "another process kept it locked (a graphkd command still writing to it?)")
          }
          Thread.sleep(forTimeInterval: 0.02)
        } else {
          let reason = String(cString: strerror(errno))
          close(fd)
          throw GraphDataError(.io, file: display, location: .file, expected: "a lockable file", actual: reason)
        }
      }
      // The previous writer may have renamed a new file over the one locked: lock that instead.
      var held = stat()
      var current = stat()
      if fstat(fd, &held) == 0, stat(url.path, &current) == 0, held.st_ino == current.st_ino,
        held.st_dev == current.st_dev
      {
        descriptor = fd
        return
      }
      close(fd)
    }
  }

  deinit {
    _ = Self.lock(descriptor, type: F_UNLCK)
    close(descriptor)
  }

  /// `F_OFD_SETLK`, which Glibc's module does not export (it needs `_GNU_SOURCE`).
  private static let setOpenFileDescriptionLock: Int32 = 37

  /// Sets (`F_WRLCK`) or clears (`F_UNLCK`) the lock on the whole file without waiting.
  private static func lock(_ fd: Int32, type: Int32) -> Int32 {
    var region = Glibc.flock()
    region.l_type = Int16(type)
    region.l_whence = Int16(SEEK_SET)
    region.l_start = 0
    region.l_len = 0
    region.l_pid = 0
    return fcntl(fd, setOpenFileDescriptionLock, &region)
  }

  /// Runs `body` holding the lock on the file at `url`.
  static func holding<R>(_ url: URL, timeout: Duration = defaultTimeout, _ body: () throws -> R) throws -> R {
    let lock = try FileWriteLock(url, timeout: timeout)
    return try withExtendedLifetime(lock) { try body() }
  }
}
