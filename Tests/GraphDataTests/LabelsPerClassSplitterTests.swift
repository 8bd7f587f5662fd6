import Foundation
import Testing

@testable import GraphData

@Suite("LabelsPerClassSplitter")
struct LabelsPerClassSplitterTests {
  static let cora: Graph = try! NPZImporter(url: Fixtures.coraPlanetoid, name: "cora").importGraph()

  @Test(arguments: [1, 5, 20])
  func classBalancedAndKeepsThePublicTestSet(k: Int) throws {
    let graph = Self.cora
    let split = try LabelsPerClassSplitter(labelsPerClass: k, validationSize: 500).split(graph, seed: 3)
    #expect(split.train.count == 7 * k)
    var perClass = [Int](repeating: 0, count: 7)
    for i in split.train { perClass[graph.labels[i]] += 1 }
    #expect(perClass == [Int](repeating: k, count: 7))
    #expect(split.validation.count == 500)
    #expect(split.test == graph.splits["public"]?.test)
    #expect(Set(split.train).isDisjoint(with: split.validation))
    #expect(Set(split.train + split.validation).isDisjoint(with: split.test))
    #expect(split.labelsPerClass == k && split.seed == 3)
  }

  @Test func sameSeedSameSplitOtherSeedOtherSplit() throws {
    let splitter = LabelsPerClassSplitter(labelsPerClass: 5, validationSize: 100)
    let a = try splitter.split(Self.cora, seed: 0)
    #expect(try splitter.split(Self.cora, seed: 0) == a)
    #expect(try splitter.split(Self.cora, seed: 1).train != a.train)
  }

  /// Golden values: the xoshiro256** stream fixes the split on every platform and Swift version.
  @Test func goldenSplitForSeedZero() throws {
    let split = try LabelsPerClassSplitter(labelsPerClass: 1, validationSize: 3).split(Self.cora, seed: 0)
    #expect(split.train == [145, 470, 636, 1011, 1043, 1483, 1614])
    #expect(split.validation == [152, 204, 685])
  }

  @Test func withoutAPublicSplitTheRestIsTheTestSet() throws {
    let graph = try Graph(
      name: "g", isDirected: false, adjacency: .identity(8), labels: [0, 0, 0, 1, 1, 1, -1, 1])
    let split = try LabelsPerClassSplitter(labelsPerClass: 1, validationSize: 2).split(graph, seed: 7)
    #expect(split.train.count == 2)
    #expect(split.validation.count == 2)
    #expect(split.test.count == 3)  // 7 labelled − 4; node 6 is unlabelled
    #expect(!split.test.contains(6))
  }

  @Test func tooFewLabelsInAClass() throws {
    let graph = try Graph(
      name: "g", isDirected: false, adjacency: .identity(4), labels: [0, 0, 0, 1], classNames: ["a", "b"])
    let error = expectGraphDataError(.value) {
      _ = try LabelsPerClassSplitter(labelsPerClass: 2, validationSize: 0).split(graph, seed: 0)
    }
    #expect(
      error?.description
        == "field 'labels': expected at least 2 labelled nodes of class 1 'b' outside the test set, but got 1")
  }
}
