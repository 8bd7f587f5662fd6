import GraphData
import Recommendation
import Tensors
import Testing

/// RRD's per-epoch samples on both sides: per user a ranking of items (RRD), per item a ranking
/// of users (the item-side term of IR-RRD).
@Suite struct RelaxedRankingDistillationTests {
  /// 30 users × 40 items, each user observing 3–8 random items, with one valid and one test item.
  static func data() throws -> RecommendationData {
    var g = Xoshiro256StarStar(seed: 11)
    var pointers = [0]
    var columns: [Int32] = []
    var valid: [Int32] = []
    var test: [Int32] = []
    for _ in 0..<30 {
      let count = 3 + g.nextInt(below: 6) + 2
      let picks = g.sample(count, from: 40).map(Int32.init)
      columns += picks.dropFirst(2).sorted()
      pointers.append(columns.count)
      valid.append(picks[0])
      test.append(picks[1])
    }
    let observed = try CSRMatrix(rowCount: 30, columnCount: 40, rowPointers: pointers, columnIndices: columns)
    func heldOut(_ items: [Int32]) throws -> CSRMatrix {
      try CSRMatrix(rowCount: 30, columnCount: 40, rowPointers: Array(0...30), columnIndices: items)
    }
    return try RecommendationData(
      interactions: Interactions(observed: observed, heldOut: ["valid": heldOut(valid), "test": heldOut(test)]))
  }

  static func teacher() -> MatrixFactorization {
    var g = Xoshiro256StarStar(seed: 12)
    return MatrixFactorization(userCount: 30, itemCount: 40, dimension: 4, generator: &g)
  }

  @Test func transposingSwapsTheTables() throws {
    let t = Self.teacher()
    #expect(t.transposed.users.weights == t.items.weights && t.transposed.items.weights == t.users.weights)
    #expect(
      t.transposed.scores(user: 3, items: [0, 7]) == [
        t.scores(user: 0, items: [3])[0], t.scores(user: 7, items: [3])[0],
      ])
  }

  /// Both sides against a brute-force ranking of the teacher's scores, observed pairs skipped.
  @Test func teacherTopListsAreTheBestUnobservedCandidatesOfEachSide() throws {
    let data = try Self.data()
    let t = Self.teacher()
    let userLists = try RelaxedRankingDistillation.teacherTopLists(t, data: data, length: 6)
    let itemLists = try RelaxedRankingDistillation.teacherTopLists(t, data: data, length: 6, side: .items)
    #expect(userLists.count == 30 && itemLists.count == 40)
    for user in 0..<30 {
      let items = (0..<Int32(40)).filter { !data.isObserved(user: user, item: $0) }
      let scores = t.scores(user: user, items: items)
      let best = zip(items, scores).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(6).map(\.0)
      #expect(userLists[user] == Array(best), "user \(user)")
    }
    for item in 0..<40 {
      let users = (0..<30).filter { !data.isObserved(user: $0, item: Int32(item)) }
      let scores = users.map { t.scores(user: $0, items: [Int32(item)])[0] }
      let best = zip(users, scores).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(6).map { Int32($0.0) }
      #expect(itemLists[item] == Array(best), "item \(item)")
    }
  }

  @Test func trainUsersIsTheTransposeOfTrainItems() throws {
    let data = try Self.data()
    #expect(data.trainUsers.count == 40)
    for (i, users) in data.trainUsers.enumerated() {
      #expect(users == users.sorted())
      for u in users { #expect(data.isObserved(user: Int(u), item: Int32(i))) }
    }
    #expect(data.trainUsers.map(\.count).reduce(0, +) == data.interactionCount)
  }

  /// Checks one epoch's samples against the rows' top lists and observed candidates.
  static func checkSamples(
    _ rrd: RelaxedRankingDistillation, observed: [[Int32]], seed: UInt64
  ) throws {
    var g = Xoshiro256StarStar(seed: seed)
    let data = try Self.data()
    let samples = try rrd.sample(data: data, generator: &g)
    #expect(samples.interesting.count == observed.count && samples.uninteresting.count == observed.count)
    for row in 0..<observed.count {
      let list = rrd.teacherTopLists[row]
      let positions = samples.interesting[row].map { list.firstIndex(of: $0) }
      #expect(positions.count == rrd.interestingCount && positions.allSatisfy { $0 != nil })
      #expect(positions.map { $0! } == positions.map { $0! }.sorted(), "kept in the teacher's order")
      let unwanted = samples.uninteresting[row]
      #expect(unwanted.count == rrd.uninterestingCount && Set(unwanted).count == unwanted.count)
      for c in unwanted { #expect(!observed[row].contains(c) && !list.contains(c)) }
    }
  }

  @Test func userSideSamplesFollowTheTeachersItemRankings() throws {
    let data = try Self.data()
    let lists = try RelaxedRankingDistillation.teacherTopLists(Self.teacher(), data: data, length: 12)
    let rrd = try RelaxedRankingDistillation(teacherTopLists: lists, interestingCount: 5, uninterestingCount: 6)
    try Self.checkSamples(rrd, observed: data.trainItems, seed: 1)
  }

  @Test func itemSideSamplesFollowTheTeachersUserRankings() throws {
    let data = try Self.data()
    let lists = try RelaxedRankingDistillation.teacherTopLists(Self.teacher(), data: data, length: 10, side: .items)
    #expect(lists.count == 40)
    let ir = try RelaxedRankingDistillation(
      teacherTopLists: lists, interestingCount: 4, uninterestingCount: 5, side: .items)
    try Self.checkSamples(ir, observed: data.trainUsers, seed: 2)
    // The top-K variant is each list's prefix, every epoch.
    var g = Xoshiro256StarStar(seed: 3)
    let topK = try RelaxedRankingDistillation(
      teacherTopLists: lists, interestingCount: 4, uninterestingCount: 5, interesting: .topK, side: .items)
    #expect(try topK.sample(data: data, generator: &g).interesting == lists.map { Array($0.prefix(4)) })
  }

  @Test func tooFewCandidatesAreRefusedNamingTheSide() throws {
    let data = try Self.data()
    let lists = try RelaxedRankingDistillation.teacherTopLists(Self.teacher(), data: data, length: 20, side: .items)
    // 30 users − 20 listed − each item's observers < 15 uninteresting users.
    let ir = try RelaxedRankingDistillation(
      teacherTopLists: lists, interestingCount: 4, uninterestingCount: 15, side: .items)
    var g = Xoshiro256StarStar(seed: 4)
    #expect {
      try ir.sample(data: data, generator: &g)
    } throws: {
      "\($0)".contains("uninteresting candidates per item")
    }
    #expect(throws: TensorError.self) {
      try RelaxedRankingDistillation(teacherTopLists: lists, interestingCount: 21, side: .items)
    }
  }
}
