import ArgumentParser

/// A list of seeds written as a closed range `0..9` (or `0...9`), a comma list `1,4,7`, or one
/// number.
struct SeedList: ExpressibleByArgument, Equatable {
  /// The seeds, in the order given.
  var seeds: [UInt64]

  init?(argument: String) {
    let text = argument.trimmingCharacters(in: .whitespaces)
    for separator in ["...", ".."] {
      let parts = text.components(separatedBy: separator)
      if parts.count == 2 {
        guard let lo = UInt64(parts[0]), let hi = UInt64(parts[1]), lo <= hi, hi - lo < 100_000 else { return nil }
        seeds = Array(lo...hi)
        return
      }
    }
    let list = text.split(separator: ",").map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
    guard !list.isEmpty, list.allSatisfy({ $0 != nil }) else { return nil }
    seeds = list.map { $0! }
  }

  static var defaultCompletionKind: CompletionKind { .default }
}
