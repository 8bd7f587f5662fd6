import Synchronization

/// A value that parallel workers update under a lock, e.g. statistics of the blocks they read.
final class SharedAccumulator<Value: Sendable>: Sendable {
  private let storage: Mutex<Value>

  /// Creates the accumulator with its starting value.
  init(_ initial: Value) { storage = Mutex(initial) }

  /// Changes the value under the lock.
  func update(_ body: (inout Value) -> Void) { storage.withLock { body(&$0) } }

  /// The current value.
  var value: Value { storage.withLock { $0 } }
}
