import CHDF5

/// A failed HDF5 library call, carrying HDF5's own error stack as text.
///
/// `operation` names what the layer was doing ("open dataset '/graph/indptr'"), `message` is
/// HDF5's description of why it failed (for example `unable to open file: file signature not
/// found (H5F_open)`). ``HDF5GraphStore`` turns these into ``GraphDataError``s that also name
/// the file.
struct HDF5Error: Error, CustomStringConvertible, Sendable {
  /// What the layer was doing.
  var operation: String
  /// HDF5's error stack, outermost first.
  var message: String

  var description: String { "\(operation) failed: \(message)" }
}

/// Entry points shared by the HDF5 wrapper types: per-thread error silencing and conversion of
/// HDF5 status codes into Swift errors.
enum HDF5Library {
  /// Turns off HDF5's printing of error stacks for the calling thread. HDF5 keeps one error
  /// stack per thread in thread-safe builds, so every entry point calls this first; it is a
  /// cheap property update.
  static func prepare() {
    graphkd_h5_silence_errors()
  }

  /// Takes the calling thread's HDF5 error stack as text and clears it.
  static func takeErrorMessage() -> String {
    var buffer = [CChar](repeating: 0, count: 2048)
    let length = buffer.withUnsafeMutableBufferPointer { p in
      graphkd_h5_take_error_message(p.baseAddress, p.count)
    }
    let text = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return text.isEmpty ? "no message on the HDF5 error stack" : text
  }

  /// Returns `id` when it is a valid identifier (≥ 0); throws with HDF5's message otherwise.
  @discardableResult
  static func check(_ id: hid_t, _ operation: @autoclosure () -> String) throws -> hid_t {
    guard id >= 0 else { throw HDF5Error(operation: operation(), message: takeErrorMessage()) }
    return id
  }

  /// Throws with HDF5's message when a status code is negative.
  static func check(_ status: herr_t, _ operation: @autoclosure () -> String) throws {
    guard status >= 0 else { throw HDF5Error(operation: operation(), message: takeErrorMessage()) }
  }

  /// Converts a tri-state result (negative = error, 0 = false, positive = true).
  static func check(tri status: htri_t, _ operation: @autoclosure () -> String) throws -> Bool {
    guard status >= 0 else { throw HDF5Error(operation: operation(), message: takeErrorMessage()) }
    return status > 0
  }
}
