/// Names and version of the HDF5 schema (`docs/hdf5-schema.md`), shared by the reader and
/// the writer so the two cannot drift apart.
public enum GraphSchema {
  /// The value of the root attribute `format`.
  public static let format = "graphkd"
  /// The schema version this build reads and writes (root attribute `format_version`).
  public static let version = 1

  /// The name of the split made from `idx_train/idx_val/idx_test` (Planetoid's public split).
  public static let publicSplit = "public"

  /// The name of a label-scarce split: `k{labelsPerClass}_seed{seed}`.
  public static func labelScarceSplitName(labelsPerClass: Int, seed: UInt64) -> String {
    "k\(labelsPerClass)_seed\(seed)"
  }

  /// Checks that `name` can be an HDF5 link name: not empty, no `/`, not `.`.
  static func checkName(_ name: String, field: String) throws {
    guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
      throw GraphDataError(
        .value, file: "", location: .field(field),
        expected: "a name without '/' that is not empty, '.' or '..'", actual: "\"\(name)\"")
    }
  }
}
