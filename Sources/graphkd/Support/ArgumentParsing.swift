import ArgumentParser
import GNN

extension ModelConfiguration.Architecture: ExpressibleByArgument {}
extension TrainingConfiguration.Monitor: ExpressibleByArgument {}

/// Parses a comma-separated list of integers such as `64,32`.
struct IntegerList: ExpressibleByArgument {
  var values: [Int]

  init?(argument: String) {
    let parts = argument.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
    values = parts.map { $0! }
  }

  /// How `--help` shows a default: `1,2,3`, as it is typed.
  var defaultValueDescription: String { values.map(String.init).joined(separator: ",") }
}
