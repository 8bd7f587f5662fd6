import Foundation
import ZIPFoundation

/// A NumPy `.npz` file opened for reading: a zip archive (stored or deflate-compressed, as
/// written by `np.savez` and `np.savez_compressed`) whose entries are `<key>.npy` arrays.
///
/// Zip parsing, inflation and CRC checks are ZIPFoundation's; a truncated or corrupt archive or
/// entry becomes a ``GraphDataError`` naming the file and the key.
struct NPZArchive {
  /// The file name used in messages.
  let file: String
  private let archive: Archive
  private let entries: [String: Entry]

  /// Opens the archive at `url`.
  init(url: URL) throws {
    file = AtomicFile.displayName(url)
    guard FileManager.default.fileExists(atPath: url.path) else { throw GraphDataError.missingFile(file) }
    do {
      archive = try Archive(url: url, accessMode: .read)
    } catch {
      throw GraphDataError(
        .corruptFile, file: file, location: .file, expected: "a zip archive (.npz)",
        actual: "an unreadable archive (\(NPZArchive.describe(error)))")
    }
    var entries: [String: Entry] = [:]
    for entry in archive where entry.type == .file {
      let name = entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
      entries[name] = entry
    }
    self.entries = entries
    // ZIPFoundation stops listing at the first unreadable local header; compare with the
    // entry count of the end-of-central-directory record so damage is reported, not hidden.
    let listed = archive.reduce(0) { count, _ in count + 1 }
    if let declared = NPZArchive.declaredEntryCount(url), listed < declared {
      throw GraphDataError(
        .corruptFile, file: file, location: .file,
        expected: "\(declared) readable entries (as the zip's central directory lists)",
        actual: "\(listed): a damaged local header follows entry \(listed)")
    }
  }

  /// The total entry count in the end-of-central-directory record, or `nil` when it cannot be
  /// read or holds the ZIP64 marker value (0xFFFF) instead of a count.
  private static func declaredEntryCount(_ url: URL) -> Int? {
    guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
    defer { try? handle.close() }
    guard let size = try? handle.seekToEnd(), size >= 22 else { return nil }
    let tail = min(size, 22 + 65_535)
    guard (try? handle.seek(toOffset: size - tail)) != nil, let data = try? handle.readToEnd() else { return nil }
    let bytes = [UInt8](data)
    var k = bytes.count - 22
    while k >= 0 {
      if bytes[k] == 0x50 && bytes[k + 1] == 0x4B && bytes[k + 2] == 0x05 && bytes[k + 3] == 0x06 {
        let total = Int(bytes[k + 10]) | Int(bytes[k + 11]) << 8
        return total == 0xFFFF ? nil : total
      }
      k -= 1
    }
    return nil
  }

  /// The array keys, sorted.
  var keys: [String] { entries.keys.sorted() }

  /// Whether the archive holds `key`.
  func contains(_ key: String) -> Bool { entries[key] != nil }

  /// The array stored under `key`, or `nil` when absent.
  func array(_ key: String) throws -> NumPyArray? {
    guard let entry = entries[key] else { return nil }
    var data = Data()
    data.reserveCapacity(Int(clamping: entry.uncompressedSize))
    do {
      _ = try archive.extract(entry, bufferSize: 1 << 20) { chunk in data.append(chunk) }
    } catch {
      throw GraphDataError(
        .corruptFile, file: file, location: .field(key), expected: "an intact zip entry '\(entry.path)'",
        actual: NPZArchive.describe(error))
    }
    return try NumPyArray(parsing: data, file: file, field: key)
  }

  /// The array stored under `key`.
  /// - Throws: ``GraphDataError/Kind/missingField`` listing the keys present when it is absent.
  func requiredArray(_ key: String, purpose: String) throws -> NumPyArray {
    guard let array = try array(key) else {
      throw GraphDataError(
        .missingField, file: file, location: .field(key), expected: "a key '\(key)' (\(purpose))",
        actual: "no such key (keys: \(keys.joined(separator: ", ")))")
    }
    return array
  }

  private static func describe(_ error: Error) -> String {
    switch error {
    case Archive.ArchiveError.unreadableArchive: return "unreadable archive"
    case Archive.ArchiveError.missingEndOfCentralDirectoryRecord:
      return "no end-of-central-directory record: the file is truncated or not a zip archive"
    case Archive.ArchiveError.invalidCRC32: return "CRC-32 checksum mismatch: the entry is corrupt"
    case Archive.ArchiveError.invalidEntryPath: return "an invalid entry path"
    case Archive.ArchiveError.invalidCompressionMethod: return "an unsupported compression method"
    default:
      // ZIPFoundation's inflate errors are internal types; recognise them by name.
      switch String(describing: error) {
      case "corruptedData": return "corrupt deflate data: the entry cannot be inflated"
      case "invalidStream": return "an invalid deflate stream"
      case let other: return other
      }
    }
  }
}
