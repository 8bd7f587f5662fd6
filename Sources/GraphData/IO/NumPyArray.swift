import Foundation

/// One array in NumPy's `.npy` format (versions 1.0, 2.0 and 3.0), parsed from its bytes.
///
/// The header gives the dtype (`descr`, e.g. `<f4`, `>i8`, `|i1`, `<U7`), the shape and the
/// memory order; the payload follows. Conversions to Swift arrays handle either byte order and
/// every integer and float width NumPy writes, fixed-width unicode (`U`, UTF-32) and bytes
/// (`S`) strings, and Fortran-ordered matrices. Object arrays (pickles) and structured dtypes
/// are refused: they cannot be read without executing Python.
struct NumPyArray {
  /// The scalar kind of a dtype (NumPy's `dtype.kind`).
  enum Kind: Equatable {
    case bool
    case signed
    case unsigned
    case float
    case unicode
    case bytes
  }

  /// The dtype string as written in the header, e.g. `<i4`.
  let descr: String
  /// The scalar kind.
  let kind: Kind
  /// Bytes per element (for `U`, 4 × the character count).
  let itemSize: Int
  /// Whether multi-byte elements are big-endian.
  let bigEndian: Bool
  /// The shape (`[]` for a 0-d array).
  let shape: [Int]
  /// Whether the payload is in column-major (Fortran) order.
  let fortranOrder: Bool
  /// The raw element bytes.
  let payload: Data

  /// The number of elements.
  var count: Int { shape.reduce(1, *) }

  /// A NumPy-style name of the dtype for messages: `float32 ('<f4')`.
  var dtypeName: String {
    let base: String
    switch kind {
    case .bool: base = "bool"
    case .signed: base = "int\(itemSize * 8)"
    case .unsigned: base = "uint\(itemSize * 8)"
    case .float: base = "float\(itemSize * 8)"
    case .unicode: base = "unicode string"
    case .bytes: base = "byte string"
    }
    return "\(base) ('\(descr)')"
  }

  /// Parses `.npy` bytes; `file` and `field` name the array in errors.
  init(parsing data: Data, file: String, field: String) throws {
    func corrupt(_ what: String) -> GraphDataError {
      GraphDataError(.corruptFile, file: file, location: .field(field), expected: "a NumPy .npy array", actual: what)
    }
    let bytes = [UInt8](data.prefix(12))
    guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
      throw corrupt("\(data.count) bytes without the \\x93NUMPY signature")
    }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case 2, 3:
      guard bytes.count >= 12 else { throw corrupt("a truncated header") }
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
      headerStart = 12
    default:
      throw corrupt("format version \(major).\(bytes[7])")
    }
    guard data.count >= headerStart + headerLength else { throw corrupt("a header cut short") }
    let start = data.startIndex
    let header = String(decoding: data[(start + headerStart)..<(start + headerStart + headerLength)], as: UTF8.self)

    guard let descr = NumPyArray.quotedValue(for: "descr", in: header) else {
      if header.range(of: "'descr': [") != nil || header.range(of: "\"descr\": [") != nil {
        throw GraphDataError(
          .wrongType, file: file, location: .field(field), expected: "a plain numeric or string dtype",
          actual: "a structured dtype")
      }
      throw corrupt("a header without 'descr': \(header)")
    }
    guard let shapeText = NumPyArray.tupleValue(for: "shape", in: header) else {
      throw corrupt("a header without 'shape': \(header)")
    }
    let shape = try shapeText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
      !$0.isEmpty
    }
    .map { part -> Int in
      guard let v = Int(part), v >= 0 else { throw corrupt("shape (\(shapeText))") }
      return v
    }
    // The element count must not overflow: it sizes every later read and allocation.
    var elements = 1
    for v in shape {
      let (product, overflow) = elements.multipliedReportingOverflow(by: v)
      guard !overflow, product <= Int(Int32.max) * 64 else {
        throw corrupt("shape (\(shapeText)) with more elements than any array this reader loads")
      }
      elements = product
    }
    self.fortranOrder =
      header.range(of: "'fortran_order': True") != nil || header.range(of: "\"fortran_order\": True") != nil
    self.descr = descr
    self.shape = shape

    var chars = Array(descr)
    var order: Character = "|"
    if let first = chars.first, "<>|=".contains(first) {
      order = first
      chars.removeFirst()
    }
    if chars.first == "O" {
      throw GraphDataError(
        .wrongType, file: file, location: .field(field),
        expected: "a numeric or string dtype (save with allow_pickle=False)",
        actual: "object dtype '\(descr)' (pickled)")
    }
    guard let code = chars.first, let width = Int(String(chars.dropFirst())) else {
      throw GraphDataError(
        .wrongType, file: file, location: .field(field), expected: "a numeric or string dtype",
        actual: "dtype '\(descr)'")
    }
    switch code {
    case "b": kind = .bool
    case "i": kind = .signed
    case "u": kind = .unsigned
    case "f": kind = .float
    case "U": kind = .unicode
    case "S", "a": kind = .bytes
    default:
      throw GraphDataError(
        .wrongType, file: file, location: .field(field), expected: "a numeric or string dtype",
        actual: "dtype '\(descr)'")
    }
    itemSize = kind == .unicode ? width * 4 : width
    let validWidths: [Kind: [Int]] = [.bool: [1], .signed: [1, 2, 4, 8], .unsigned: [1, 2, 4, 8], .float: [2, 4, 8]]
    if let widths = validWidths[kind], !widths.contains(itemSize) {
      throw GraphDataError(
        .wrongType, file: file, location: .field(field), expected: "a numeric dtype NumPy writes",
        actual: "dtype '\(descr)'")
    }
    bigEndian = order == ">"
    let payloadStart = start + headerStart + headerLength
    let (expectedBytes, overflow) = shape.reduce(1, *).multipliedReportingOverflow(by: itemSize)
    guard !overflow else {
      throw GraphDataError(
        .corruptFile, file: file, location: .field(field), expected: "a shape whose data size fits in memory",
        actual: "shape \(shape) of dtype '\(descr)'")
    }
    guard data.endIndex - payloadStart >= expectedBytes else {
      throw GraphDataError(
        .corruptFile, file: file, location: .field(field),
        expected: "\(expectedBytes) bytes of data for shape \(shape) and dtype '\(descr)'",
        actual: "\(data.endIndex - payloadStart)")
    }
    payload = data[payloadStart..<(payloadStart + expectedBytes)]
  }

  private static func quotedValue(for key: String, in header: String) -> String? {
    for quote in ["'", "\""] {
      guard let keyRange = header.range(of: "\(quote)\(key)\(quote)") else { continue }
      let rest = header[keyRange.upperBound...].drop { $0 == ":" || $0 == " " }
      guard let open = rest.first, open == "'" || open == "\"" else { return nil }
      let body = rest.dropFirst()
      guard let close = body.firstIndex(of: open) else { return nil }
      return String(body[..<close])
    }
    return nil
  }

  private static func tupleValue(for key: String, in header: String) -> String? {
    for quote in ["'", "\""] {
      guard let keyRange = header.range(of: "\(quote)\(key)\(quote)") else { continue }
      let rest = header[keyRange.upperBound...]
      guard let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") else { return nil }
      return String(rest[rest.index(after: open)..<close])
    }
    return nil
  }

  // MARK: Conversions

  /// The elements as `Int` (integer dtypes only).
  func integers(file: String, field: String) throws -> [Int] {
    guard kind == .signed || kind == .unsigned else {
      throw GraphDataError(
        .wrongType, file: file, location: .field(field), expected: "an integer dtype", actual: dtypeName)
    }
    if kind == .unsigned && itemSize == 8 {
      let raw: [UInt64] = load(UInt64.self)
      if let k = raw.firstIndex(where: { $0 > UInt64(Int.max) }) {
        throw GraphDataError(
          .value, file: file, location: .field(field), expected: "values below 2^63",
          actual: "\(raw[k]) at position \(k)")
      }
      return raw.map { Int($0) }
    }
    return converted { $0 }
  }

  /// The elements as flags, non-zero meaning `true` (a boolean mask, stored as NumPy `bool` or as
  /// any integer dtype, e.g. `uint8`).
  func flags(file: String, field: String) throws -> [Bool] {
    guard kind == .bool || kind == .signed || kind == .unsigned else {
      throw GraphDataError(
        .wrongType, file: file, location: .field(field), expected: "a boolean or integer mask", actual: dtypeName)
    }
    return converted { $0 != 0 }
  }

  /// The elements as `Int32`, for index arrays (integer dtypes only; values outside the
  /// `Int32` range are an error).
  func int32s(file: String, field: String) throws -> [Int32] {
    guard kind == .signed || kind == .unsigned else {
      throw GraphDataError(
        .wrongType, file: file, location: .field(field), expected: "an integer dtype", actual: dtypeName)
    }
    if kind == .signed && itemSize == 4 { return load(Int32.self) }
    let wide = try integers(file: file, field: field)
    var out = [Int32](repeating: 0, count: wide.count)
    for (k, v) in wide.enumerated() {
      guard let narrow = Int32(exactly: v) else {
        throw GraphDataError(
          .index, file: file, location: .field(field), expected: "indices that fit in 32 bits",
          actual: "\(v) at position \(k)")
      }
      out[k] = narrow
    }
    return out
  }

  /// The elements as `Float` (numeric and boolean dtypes; float64 is rounded to float32).
  func floats(file: String, field: String) throws -> [Float] {
    switch kind {
    case .float:
      switch itemSize {
      case 4:
        return bigEndian == (1.bigEndian == 1) ? copied(Float.self) : load(UInt32.self).map { Float(bitPattern: $0) }
      case 8: return load(UInt64.self).map { Float(Double(bitPattern: $0)) }
      default: return load(UInt16.self).map { Float(Float16(bitPattern: $0)) }
      }
    case .signed, .unsigned, .bool:
      return converted { Float($0) }
    case .unicode, .bytes:
      throw GraphDataError(
        .wrongType, file: file, location: .field(field), expected: "a numeric dtype", actual: dtypeName)
    }
  }

  /// A 2-D array as `(rows, columns, row-major floats)`.
  func matrix(file: String, field: String) throws -> (rows: Int, columns: Int, values: [Float]) {
    guard shape.count == 2 else {
      throw GraphDataError(
        .shape, file: file, location: .field(field), expected: "a 2-D array", actual: "shape \(shape)")
    }
    let values = try floats(file: file, field: field)
    let (r, c) = (shape[0], shape[1])
    guard fortranOrder, r > 1, c > 1 else { return (r, c, values) }
    var rowMajor = [Float](repeating: 0, count: values.count)
    for j in 0..<c {
      for i in 0..<r { rowMajor[i * c + j] = values[j * r + i] }
    }
    return (r, c, rowMajor)
  }

  /// The elements as strings (`U` and `S` dtypes), with NumPy's trailing null padding removed.
  func strings(file: String, field: String) throws -> [String] {
    switch kind {
    case .unicode:
      let chars = itemSize / 4
      let units: [UInt32] = load(UInt32.self)
      return (0..<count).map { i in
        var scalars = String.UnicodeScalarView()
        for k in 0..<chars {
          let u = units[i * chars + k]
          if u == 0 { break }
          scalars.append(Unicode.Scalar(u) ?? "\u{FFFD}")
        }
        return String(scalars)
      }
    case .bytes:
      return payload.withUnsafeBytes { raw in
        (0..<count).map { i in
          var slice = raw[(i * itemSize)..<((i + 1) * itemSize)]
          if let zero = slice.firstIndex(of: 0) { slice = slice[..<zero] }
          return String(decoding: slice, as: UTF8.self)
        }
      }
    default:
      throw GraphDataError(
        .wrongType, file: file, location: .field(field), expected: "a string dtype ('U' or 'S')", actual: dtypeName)
    }
  }

  /// Loads the payload as `T` values (as many as fit: `count × itemSize / size(T)`), swapping
  /// bytes when the array is big-endian.
  private func load<T: FixedWidthInteger>(_ type: T.Type) -> [T] {
    let n = payload.count / MemoryLayout<T>.size
    return payload.withUnsafeBytes { raw in
      [T](unsafeUninitializedCapacity: n) { out, initialized in
        if n > 0 {
          _ = memcpy(out.baseAddress!, raw.baseAddress!, n * MemoryLayout<T>.size)
          if bigEndian != (1.bigEndian == 1) {
            for i in 0..<n { out[i] = out[i].byteSwapped }
          }
        }
        initialized = n
      }
    }
  }

  /// Copies the payload as `T` values in native byte order (the caller checked the order).
  private func copied<T: BitwiseCopyable>(_ type: T.Type) -> [T] {
    let n = count
    return payload.withUnsafeBytes { raw in
      [T](unsafeUninitializedCapacity: n) { out, initialized in
        if n > 0 { _ = memcpy(out.baseAddress!, raw.baseAddress!, n * MemoryLayout<T>.stride) }
        initialized = n
      }
    }
  }

  /// Converts integer or boolean elements of any width through `transform`.
  private func converted<T>(_ transform: (Int) -> T) -> [T] {
    switch (kind, itemSize) {
    case (.signed, 1): return load(UInt8.self).map { transform(Int(Int8(bitPattern: $0))) }
    case (.signed, 2): return load(UInt16.self).map { transform(Int(Int16(bitPattern: $0))) }
    case (.signed, 4): return load(UInt32.self).map { transform(Int(Int32(bitPattern: $0))) }
    case (.signed, 8): return load(UInt64.self).map { transform(Int(Int64(bitPattern: $0))) }
    case (.unsigned, 1), (.bool, 1): return load(UInt8.self).map { transform(Int($0)) }
    case (.unsigned, 2): return load(UInt16.self).map { transform(Int($0)) }
    case (.unsigned, 4): return load(UInt32.self).map { transform(Int($0)) }
    default: return load(UInt64.self).map { transform(Int(truncatingIfNeeded: $0)) }
    }
  }
}
