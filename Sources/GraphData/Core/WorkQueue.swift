import Synchronization

/// Hands out the indices `0..<count` one at a time to parallel workers, so a worker that gets
/// less CPU time (on a busy machine) simply takes fewer items instead of holding up the rest.
final class WorkQueue: Sendable {
  private let next = Atomic<Int>(0)
  private let count: Int

  /// A queue of `count` items.
  init(count: Int) { self.count = count }

  /// The next unclaimed index, or `nil` when all are taken.
  func claim() -> Int? {
    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
    return i < count ? i : nil
  }
}
