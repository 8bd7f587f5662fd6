import Foundation

/// Hit ratio, NDCG and MRR at the cut-offs 5, 10 and 20 — the leave-one-out metrics of DE-RRD.
///
/// For one user whose held-out item is ranked `p` (1 = first): `HR@N = [p ≤ N]`,
/// `NDCG@N = [p ≤ N] / log₂(p + 1)`, `MRR@N = [p ≤ N] / p`; a table is the mean over users.
public struct RankingMetrics: Sendable, Equatable, Codable {
  /// The cut-offs reported.
  public static let cutoffs = [5, 10, 20]

  /// HR@N by cut-off N.
  public var hitRatio: [Int: Double]
  /// NDCG@N by cut-off N.
  public var ndcg: [Int: Double]
  /// MRR@N by cut-off N.
  public var mrr: [Int: Double]

  /// The metrics of one ranked held-out item at 1-based `rank`.
  public init(rank: Int) {
    var h: [Int: Double] = [:]
    var n: [Int: Double] = [:]
    var m: [Int: Double] = [:]
    for k in Self.cutoffs {
      let hit = rank <= k
      h[k] = hit ? 1 : 0
      n[k] = hit ? 1 / log2(Double(rank) + 1) : 0
      m[k] = hit ? 1 / Double(rank) : 0
    }
    hitRatio = h
    ndcg = n
    mrr = m
  }

  /// The mean of several users' metrics (zeros when `ranks` is empty).
  public init(meanOverRanks ranks: [Int]) {
    var h: [Int: Double] = [:]
    var n: [Int: Double] = [:]
    var m: [Int: Double] = [:]
    for k in Self.cutoffs { (h[k], n[k], m[k]) = (0, 0, 0) }
    for r in ranks {
      let one = RankingMetrics(rank: r)
      for k in Self.cutoffs {
        h[k]! += one.hitRatio[k]!
        n[k]! += one.ndcg[k]!
        m[k]! += one.mrr[k]!
      }
    }
    let count = Double(max(ranks.count, 1))
    for k in Self.cutoffs {
      h[k]! /= count
      n[k]! /= count
      m[k]! /= count
    }
    hitRatio = h
    ndcg = n
    mrr = m
  }

  /// The metrics by name, e.g. `"HR@5"`, `"NDCG@10"`, `"MRR@20"`.
  public var named: [String: Double] {
    var out: [String: Double] = [:]
    for k in Self.cutoffs {
      out["HR@\(k)"] = hitRatio[k]
      out["NDCG@\(k)"] = ndcg[k]
      out["MRR@\(k)"] = mrr[k]
    }
    return out
  }
}
