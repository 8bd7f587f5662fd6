import Foundation
import Tensors

/// A trained recommendation teacher stored with its interactions, so that distilling students
/// from it does not retrain it: the embeddings of a matrix-factorisation model and each user's
/// top-N unobserved items (the lists Relaxed Ranking Distillation samples from).
///
/// Stored as `/recommender_teachers/<name>/user_embeddings` (float32 `[U, d]`),
/// `item_embeddings` (float32 `[I, d]`) and `top_lists` (int32 `[U, N]`, best first, −1 after a
/// user's last item), with attributes `config` (JSON), `seed` (uint64) and one float64 per metric.
///
/// ```swift
/// try HDF5GraphStore.writeRecommenderTeacher(teacher, named: "bpr_d200_seed0", to: url)
/// let cached = try HDF5GraphStore.readRecommenderTeacher(named: "bpr_d200_seed0", from: url)
/// ```
public struct RecommenderTeacher: Sendable, Equatable {
  /// User embeddings, `[U, d]`.
  public var userEmbeddings: Tensor
  /// Item embeddings, `[I, d]`.
  public var itemEmbeddings: Tensor
  /// Each user's top-N unobserved items, best first (a list may be shorter than N).
  public var topLists: [[Int32]]
  /// The seed the teacher was trained with.
  public var seed: UInt64
  /// The training configuration as a JSON document (compared before a cached teacher is reused).
  public var configJSON: String
  /// Named numbers about the teacher (e.g. its test metrics), one float64 attribute each.
  public var metrics: [String: Double]

  /// Creates a teacher description.
  public init(
    userEmbeddings: Tensor, itemEmbeddings: Tensor, topLists: [[Int32]], seed: UInt64, configJSON: String,
    metrics: [String: Double] = [:]
  ) {
    self.userEmbeddings = userEmbeddings
    self.itemEmbeddings = itemEmbeddings
    self.topLists = topLists
    self.seed = seed
    self.configJSON = configJSON
    self.metrics = metrics
  }
}

extension HDF5GraphStore {
  static let recommenderTeachersGroup = "recommender_teachers"

  /// Adds (or with `replacing`, replaces) `teacher` as `/recommender_teachers/<name>` in the
  /// existing file at `url`, leaving every other dataset untouched; crash-safe like
  /// ``appendSoftLabels(_:named:to:replacing:options:)`` (copy, modify the copy, rename).
  /// - Throws: ``GraphDataError`` when the file has no interactions or the shapes disagree with
  ///   its user and item counts, or when `name` exists and `replacing` is false.
  public static func writeRecommenderTeacher(
    _ teacher: RecommenderTeacher, named name: String, to url: URL, replacing: Bool = false,
    options: WriteOptions = .init()
  ) throws {
    let display = AtomicFile.displayName(url)
    try GraphDataError.attributing(to: display) {
      try GraphSchema.checkName(name, field: recommenderTeachersGroup)
    }
    let field = "/\(recommenderTeachersGroup)/\(name)"
    let u = teacher.userEmbeddings
    let i = teacher.itemEmbeddings
    guard let interactions = try read(from: url).interactions else {
      throw GraphDataError(
        .missingField, file: display, location: .field("interactions"),
        expected: "a recommendation dataset to store a teacher with", actual: "a graph without interactions")
    }
    guard u.rank == 2, i.rank == 2, u.shape[1] == i.shape[1], u.shape[0] == interactions.userCount,
      i.shape[0] == interactions.itemCount, teacher.topLists.count == interactions.userCount
    else {
      throw GraphDataError(
        .shape, file: display, location: .field(field),
        expected:
          "[\(interactions.userCount), d] user and [\(interactions.itemCount), d] item embeddings and "
          + "\(interactions.userCount) top lists",
        actual: "\(u.shape), \(i.shape) and \(teacher.topLists.count) lists")
    }
    let width = teacher.topLists.map(\.count).max() ?? 0
    var lists = [Int32](repeating: -1, count: teacher.topLists.count * width)
    for (r, list) in teacher.topLists.enumerated() {
      for (k, item) in list.enumerated() { lists[r * width + k] = item }
    }
    try modify(url, group: recommenderTeachersGroup, members: [name], replacing: replacing) { parent in
      let g = try parent.createGroup(name)
      try u.withUnsafeBufferPointer {
        _ = try g.createDataset("user_embeddings", shape: u.shape, values: $0, layout: options.layout)
      }
      try i.withUnsafeBufferPointer {
        _ = try g.createDataset("item_embeddings", shape: i.shape, values: $0, layout: options.layout)
      }
      _ = try g.createDataset(
        "top_lists", shape: [teacher.topLists.count, width], values: lists, layout: options.layout)
      try g.setAttribute("config", string: teacher.configJSON)
      try g.setAttribute("seed", unsigned: teacher.seed)
      for (key, value) in teacher.metrics.sorted(by: { $0.key < $1.key }) {
        try g.setAttribute(key, double: value)
      }
    }
  }

  /// The teacher stored as `/recommender_teachers/<name>` in the file at `url`, or `nil` when
  /// there is none of that name.
  /// - Throws: ``GraphDataError`` for an unreadable file or a malformed teacher group.
  public static func readRecommenderTeacher(named name: String, from url: URL) throws -> RecommenderTeacher? {
    let display = AtomicFile.displayName(url)
    let file = try HDF5GraphReader.open(url)
    let root = try rootGroup(file, url)
    let field = "/\(recommenderTeachersGroup)/\(name)"
    func malformed(_ message: String) -> GraphDataError {
      GraphDataError(
        .corruptFile, file: display, location: .field(field),
        expected: "user_embeddings [U, d], item_embeddings [I, d] (float32), top_lists [U, N] (int32), config and seed",
        actual: message)
    }
    let teacher: RecommenderTeacher?
    do {
      if try root.child(recommenderTeachersGroup) == nil
        || (try root.openGroup(recommenderTeachersGroup).child(name)) == nil
      {
        teacher = nil
      } else {
        let g = try root.openGroup(recommenderTeachersGroup).openGroup(name)
        let u = try g.openDataset("user_embeddings")
        let i = try g.openDataset("item_embeddings")
        let t = try g.openDataset("top_lists")
        guard u.shape.count == 2, i.shape.count == 2, t.shape.count == 2, u.shape[1] == i.shape[1],
          t.shape[0] == u.shape[0]
        else { throw malformed("shapes \(u.shape), \(i.shape) and \(t.shape)") }
        let flat = try t.read(as: Int32.self)
        let width = t.shape[1]
        let lists = (0..<t.shape[0]).map { r in
          Array(flat[(r * width)..<((r + 1) * width)].prefix { $0 >= 0 })
        }
        var metrics: [String: Double] = [:]
        for key in try g.attributeNames() where !["config", "seed"].contains(key) {
          metrics[key] = try g.doubleAttribute(key).first
        }
        guard let config = try g.stringAttribute("config").first, let seed = try g.doubleAttribute("seed").first
        else { throw malformed("no config or seed attribute") }
        teacher = RecommenderTeacher(
          userEmbeddings: try Tensor(shape: u.shape, scalars: try u.read(as: Float.self)),
          itemEmbeddings: try Tensor(shape: i.shape, scalars: try i.read(as: Float.self)), topLists: lists,
          seed: UInt64(seed), configJSON: config, metrics: metrics)
      }
    } catch let error as GraphDataError {
      throw error
    } catch let error as HDF5Error {
      throw malformed(error.message)
    } catch {
      throw malformed("\(error)")
    }
    try closeAfterReading(file, url)
    return teacher
  }
}
