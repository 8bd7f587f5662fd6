import CGzip
import Foundation

/// Reads a text file line by line through zlib's gzip interface, so `.gz` files and plain
/// files are read alike (zlib passes uncompressed input through unchanged).
///
/// Lines are handed out as mutable byte buffers without the line terminator (`\n` or `\r\n`),
/// each followed by at least one writable byte, which lets ``TextCells`` parse numbers in place
/// without copying. A truncated or corrupt gzip stream becomes a ``GraphDataError`` carrying
/// zlib's message.
final class TextLineReader {
  /// The file name used in messages.
  let file: String
  private let handle: gzFile
  private let path: String

  /// Opens `url` for reading.
  init(url: URL) throws {
    file = AtomicFile.displayName(url)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw GraphDataError.missingFile(file)
    }
    guard !isDirectory.boolValue else {
      throw GraphDataError(.io, file: file, location: .file, expected: "a text file", actual: "a directory")
    }
    guard let handle = gzopen(url.path, "rb") else {
      throw GraphDataError(
        .io, file: file, location: .file, expected: "a readable file", actual: String(cString: strerror(errno)))
    }
    gzbuffer(handle, 1 << 18)
    self.handle = handle
    self.path = url.path
  }

  deinit { gzclose(handle) }

  /// zlib's error message without the file path it prefixes.
  private func zlibMessage(_ code: inout Int32) -> String {
    let message = gzerror(handle, &code).map { String(cString: $0) } ?? "read error"
    return message.hasPrefix(path + ": ") ? String(message.dropFirst(path.count + 2)) : message
  }

  /// Calls `body` with each line's 1-based number and bytes.
  func forEachLine(_ body: (Int, UnsafeMutableBufferPointer<UInt8>) throws -> Void) throws {
    var capacity = 1 << 20
    var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity + 1)
    defer { buffer.deallocate() }
    var filled = 0
    var lineNumber = 0
    var atEnd = false
    while !atEnd {
      if filled == capacity {
        // A line longer than the buffer: grow it.
        let bigger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity * 2 + 1)
        _ = bigger.initialize(from: buffer[0..<filled])
        buffer.deallocate()
        buffer = bigger
        capacity *= 2
      }
      let want = UInt32(min(capacity - filled, Int(UInt32.max / 2)))
      let got = gzread(handle, buffer.baseAddress! + filled, want)
      if got < 0 {
        var code: Int32 = 0
        let message = zlibMessage(&code)
        throw GraphDataError(
          .corruptFile, file: file, location: lineNumber > 0 ? .line(lineNumber + 1, column: nil) : .file,
          expected: "a readable text or gzip file", actual: "\(message)")
      }
      if got == 0 {
        // zlib reports a gzip stream cut short only once it has returned everything before the cut.
        var code: Int32 = 0
        let message = zlibMessage(&code)
        if code != Z_OK {
          throw GraphDataError(
            .corruptFile, file: file, location: .file, expected: "a readable text or gzip file",
            actual: "\(message) (after line \(lineNumber))")
        }
        atEnd = true
      }
      filled += Int(got)
      var start = 0
      var k = 0
      while k < filled {
        if buffer[k] == UInt8(ascii: "\n") {
          lineNumber += 1
          var end = k
          if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
          try body(lineNumber, UnsafeMutableBufferPointer(rebasing: buffer[start..<end]))
          start = k + 1
        }
        k += 1
      }
      if atEnd && start < filled {
        lineNumber += 1
        var end = filled
        if buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        // buffer has capacity + 1 bytes, so there is always a writable byte after `end`.
        try body(lineNumber, UnsafeMutableBufferPointer(rebasing: buffer[start..<end]))
        start = filled
      }
      if start > 0 {
        let rest = filled - start
        if rest > 0 { (buffer.baseAddress!).update(from: buffer.baseAddress! + start, count: rest) }
        filled = rest
      }
    }
  }
}
