import CGzip
import Foundation

/// Writing input files for importer tests.
enum TestFiles {
  /// Writes `text` to `url` as UTF-8.
  static func write(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url)
  }

  /// Writes `text` to `url` gzip-compressed (as OGB's `.csv.gz` files are).
  static func writeGzip(_ text: String, to url: URL) throws {
    guard let handle = gzopen(url.path, "wb") else { throw CocoaError(.fileWriteUnknown) }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { gzwrite(handle, $0.baseAddress, UInt32($0.count)) }
    gzclose(handle)
    guard written == bytes.count || bytes.isEmpty else { throw CocoaError(.fileWriteUnknown) }
  }

  /// The first `count` bytes of `source`, written to `destination` (a truncated copy).
  static func truncate(_ source: URL, to destination: URL, keeping count: Int) throws {
    try Data(contentsOf: source).prefix(count).write(to: destination)
  }

  /// A copy of `source` at `destination` with the bytes at `offsets` inverted.
  static func corrupt(_ source: URL, to destination: URL, at offsets: [Int]) throws {
    var data = try Data(contentsOf: source)
    for offset in offsets { data[offset] = ~data[offset] }
    try data.write(to: destination)
  }
}
