extension RelaxedRankingDistillation {
  /// The teacher's top lists that ``init(teacherTopLists:interestingCount:uninterestingCount:rankTemperature:interesting:side:)``
  /// takes: on ``Side/users``, each user's `length` best-scored items among those it did not
  /// interact with; on ``Side/items``, each item's `length` best-scored users among those who did
  /// not interact with it (the top lists of ``MatrixFactorization/transposed``). Best first;
  /// computed with ``TopKRanking/topK(_:k:excluding:blockSize:threads:)``.
  public static func teacherTopLists(
    _ teacher: MatrixFactorization, data: RecommendationData, length: Int, side: Side = .users
  ) throws -> [[Int32]] {
    switch side {
    case .users:
      try TopKRanking.topK(teacher, k: length, excluding: { user, item in data.isObserved(user: user, item: item) })
    case .items:
      try TopKRanking.topK(
        teacher.transposed, k: length,
        excluding: { item, user in data.isObserved(user: Int(user), item: Int32(item)) })
    }
  }
}
