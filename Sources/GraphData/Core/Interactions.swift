import Tensors

/// User → item implicit-feedback interactions of a recommendation dataset (CiteULike and the
/// like): the observed (training) interactions, plus named held-out sets for evaluation.
///
/// Stored in HDF5 as `/interactions/{indptr,indices}` (the observed matrix, users × items) with
/// attributes `n_users`, `n_items`, and `/interactions/held_out/<name>/{indptr,indices}` for
/// each held-out set (`valid`, `test`). Values are implicit: every stored pair means "the user
/// interacted with the item", and duplicate pairs are merged.
///
/// - Shapes: every matrix is `userCount × itemCount`, rows sorted, no duplicates.
///
/// ```swift
/// let data = try Interactions(observed: train, heldOut: ["test": test])
/// data.observed.rowLengths   // interactions per user
/// ```
public struct Interactions: Sendable, Equatable {
  /// The observed interactions models learn from, users × items.
  public let observed: CSRMatrix
  /// Held-out interactions by name (e.g. `valid`, `test`), each users × items.
  public let heldOut: [String: CSRMatrix]

  /// The number of users (rows).
  public var userCount: Int { observed.rowCount }
  /// The number of items (columns).
  public var itemCount: Int { observed.columnCount }

  /// Creates the interaction data.
  /// - Throws: ``GraphDataError`` when a held-out matrix has another shape than `observed`, or
  ///   a held-out name is not a valid HDF5 link name.
  public init(observed: CSRMatrix, heldOut: [String: CSRMatrix] = [:]) throws {
    for (name, matrix) in heldOut.sorted(by: { $0.key < $1.key }) {
      try GraphSchema.checkName(name, field: "interactions held-out set")
      guard matrix.rowCount == observed.rowCount, matrix.columnCount == observed.columnCount else {
        throw GraphDataError(
          .shape, file: "", location: .field("interactions/held_out/\(name)"),
          expected: "\(observed.rowCount) × \(observed.columnCount) (users × items, as the observed interactions)",
          actual: "\(matrix.rowCount) × \(matrix.columnCount)")
      }
    }
    self.observed = observed
    self.heldOut = heldOut
  }
}
