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
  /// The archive's bytes (memory-mapped) and where each entry's data lies in them, from the
  /// central directory.
  private let bytes: Data
  private let locations: [String: ZIPEntryLocation]

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
    do {
      bytes = try Data(contentsOf: url, options: .alwaysMapped)
    } catch {
      throw GraphDataError(
        .io, file: file, location: .file, expected: "a readable file", actual: error.localizedDescription)
    }
    locations = ZIPEntryLocation.centralDirectory(bytes)
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
  ///
  /// The entry is read within the bounds its central-directory record gives — its compressed
  /// bytes inside the file, at most its declared size inflated, that size within what deflate can
  /// expand the bytes to — so that a damaged entry is an error, never a hang or an allocation the
  /// file cannot back (ZIPFoundation's extraction reads past an entry whose stream does not end).
  func array(_ key: String) throws -> NumPyArray? {
    guard let entry = entries[key] else { return nil }
    func damaged(_ what: String) -> GraphDataError {
      GraphDataError(
        .corruptFile, file: file, location: .field(key), expected: "an intact zip entry '\(entry.path)'", actual: what)
    }
    guard let at = locations[entry.path], let start = at.dataStart(in: bytes),
      start + at.compressedSize <= bytes.count
    else { throw damaged("an entry whose data lies outside the \(bytes.count)-byte file") }
    let data: Data
    switch at.method {
    case 0:
      guard at.uncompressedSize == at.compressedSize else { throw damaged("a stored entry whose two sizes differ") }
      data = bytes.subdata(in: (bytes.startIndex + start)..<(bytes.startIndex + start + at.compressedSize))
    case 8:
      guard at.uncompressedSize <= at.compressedSize * 1032 + 1024 else {
        throw damaged(
          "a declared size of \(at.uncompressedSize) bytes that \(at.compressedSize) deflated bytes cannot hold")
      }
      var out = Data()
      out.reserveCapacity(at.uncompressedSize)
      let base = bytes.startIndex + start
      do {
        let crc = try Data.decompress(
          size: Int64(at.compressedSize), bufferSize: 1 << 16, skipCRC32: false,
          provider: { position, size in
            let p = Int(position)
            guard p < at.compressedSize else { throw NPZReadError.streamDoesNotEnd }
            return bytes.subdata(in: (base + p)..<(base + min(p + size, at.compressedSize)))
          },
          consumer: { chunk in
            guard out.count + chunk.count <= at.uncompressedSize else { throw NPZReadError.longerThanDeclared }
            out.append(chunk)
          })
        guard out.count == at.uncompressedSize else { throw NPZReadError.shorterThanDeclared }
        guard crc == at.crc32 else { throw Archive.ArchiveError.invalidCRC32 }
      } catch let e as NPZReadError {
        throw damaged(e.rawValue)
      } catch {
        throw damaged(NPZArchive.describe(error))
      }
      data = out
    default:
      throw damaged("compression method \(at.method) (only stored and deflate are read)")
    }
    return try NumPyArray(parsing: data, file: file, field: key)
  }

  /// Why a deflated entry could not be read.
  enum NPZReadError: String, Error {
    case streamDoesNotEnd = "a deflate stream that does not end within the entry's compressed size"
    case longerThanDeclared = "more data than the entry's declared size"
    case shorterThanDeclared = "less data than the entry's declared size"
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

/// Where a zip entry's data lies, from its central-directory record (ZIP64 sizes and offsets
/// included).
struct ZIPEntryLocation {
  var method: Int
  var crc32: UInt32
  var compressedSize: Int
  var uncompressedSize: Int
  var localHeaderOffset: Int

  /// The offset of the entry's data: after its local header, whose name and extra field lengths
  /// are read there; `nil` when the header is not where the record says.
  func dataStart(in bytes: Data) -> Int? {
    let b = bytes.startIndex + localHeaderOffset
    guard localHeaderOffset >= 0, localHeaderOffset + 30 <= bytes.count,
      bytes[b] == 0x50, bytes[b + 1] == 0x4B, bytes[b + 2] == 0x03, bytes[b + 3] == 0x04
    else { return nil }
    let nameLength = Int(bytes[b + 26]) | Int(bytes[b + 27]) << 8
    let extraLength = Int(bytes[b + 28]) | Int(bytes[b + 29]) << 8
    return localHeaderOffset + 30 + nameLength + extraLength
  }

  /// Every entry of the central directory by path; empty when it cannot be found or read (the
  /// listing's own checks then report the damage).
  static func centralDirectory(_ bytes: Data) -> [String: ZIPEntryLocation] {
    let n = bytes.count
    func u16(_ i: Int) -> Int { Int(bytes[bytes.startIndex + i]) | Int(bytes[bytes.startIndex + i + 1]) << 8 }
    func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
    func u64(_ i: Int) -> Int {
      let v = UInt64(u32(i)) | UInt64(u32(i + 4)) << 32
      return v > UInt64(Int.max) ? -1 : Int(v)
    }
    guard n >= 22 else { return [:] }
    var eocd = n - 22
    while eocd >= max(0, n - 22 - 65_535) && u32(eocd) != 0x0605_4B50 { eocd -= 1 }
    guard eocd >= 0, u32(eocd) == 0x0605_4B50 else { return [:] }
    var count = u16(eocd + 10)
    var offset = u32(eocd + 16)
    // ZIP64: the locator 20 bytes before the record points at the ZIP64 end record.
    if count == 0xFFFF || offset == 0xFFFF_FFFF, eocd >= 20, u32(eocd - 20) == 0x0706_4B50 {
      let record = u64(eocd - 20 + 8)
      guard record >= 0, record + 56 <= n, u32(record) == 0x0606_4B50 else { return [:] }
      count = u64(record + 32)
      offset = u64(record + 48)
    }
    var out: [String: ZIPEntryLocation] = [:]
    var p = offset
    for _ in 0..<max(0, min(count, n / 46)) {
      guard p >= 0, p + 46 <= n, u32(p) == 0x0201_4B50 else { break }
      let nameLength = u16(p + 28)
      let extraLength = u16(p + 30)
      let commentLength = u16(p + 32)
      guard p + 46 + nameLength + extraLength <= n else { break }
      let name = String(
        decoding: bytes[(bytes.startIndex + p + 46)..<(bytes.startIndex + p + 46 + nameLength)], as: UTF8.self)
      var entry = ZIPEntryLocation(
        method: u16(p + 10), crc32: UInt32(u32(p + 16)), compressedSize: u32(p + 20), uncompressedSize: u32(p + 24),
        localHeaderOffset: u32(p + 42))
      // ZIP64 extended information (header 0x0001): the fields that are 0xFFFFFFFF, in order.
      var e = p + 46 + nameLength
      let extraEnd = e + extraLength
      while e + 4 <= extraEnd {
        let id = u16(e)
        let size = u16(e + 2)
        if id == 0x0001 {
          var f = e + 4
          if entry.uncompressedSize == 0xFFFF_FFFF, f + 8 <= extraEnd {
            entry.uncompressedSize = u64(f)
            f += 8
          }
          if entry.compressedSize == 0xFFFF_FFFF, f + 8 <= extraEnd {
            entry.compressedSize = u64(f)
            f += 8
          }
          if entry.localHeaderOffset == 0xFFFF_FFFF, f + 8 <= extraEnd { entry.localHeaderOffset = u64(f) }
        }
        e += 4 + size
      }
      guard entry.compressedSize >= 0, entry.uncompressedSize >= 0, entry.localHeaderOffset >= 0 else { break }
      out[name] = entry
      p += 46 + nameLength + extraLength + commentLength
    }
    return out
  }
}
