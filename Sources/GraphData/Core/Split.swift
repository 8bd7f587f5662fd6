/// A named partition of nodes into training, validation and test sets, e.g. the Planetoid
/// `public` split (140 / 500 / 1,000 nodes on Cora) or a label-scarce `k5_seed0` split made by
/// ``LabelsPerClassSplitter``.
///
/// Node indices are 0-based and sorted ascending; the three parts are disjoint. Stored in HDF5
/// as `/splits/<name>/{train,val,test}` (int64) with optional attributes `labels_per_class`
/// and `seed` recording how a generated split was drawn.
///
/// ```swift
/// let split = try Split(train: [0, 1], validation: [2], test: [3, 4])
/// try graph.setSplit(split, named: "tiny")
/// ```
public struct Split: Sendable, Equatable, Codable {
  /// Training nodes.
  public var train: [Int]
  /// Validation nodes (`val` in the file).
  public var validation: [Int]
  /// Test nodes.
  public var test: [Int]
  /// For generated splits: how many labelled training nodes each class got.
  public var labelsPerClass: Int?
  /// For generated splits: the seed of the random draw.
  public var seed: UInt64?

  /// Creates a split; the index arrays are sorted. Ranges and disjointness are checked when the
  /// split is attached to a ``Graph``.
  public init(train: [Int], validation: [Int], test: [Int], labelsPerClass: Int? = nil, seed: UInt64? = nil) {
    self.train = train.sorted()
    self.validation = validation.sorted()
    self.test = test.sorted()
    self.labelsPerClass = labelsPerClass
    self.seed = seed
  }

  /// The parts in file order with their schema names: `train`, `val`, `test`.
  public var parts: [(name: String, nodes: [Int])] {
    [("train", train), ("val", validation), ("test", test)]
  }
}
