import Testing

@testable import GraphData

@Suite("GraphDataError")
struct GraphDataErrorTests {
  @Test func describesFileFieldExpectedAndActual() {
    let error = GraphDataError(
      .value, file: "cora.npz", location: .field("adj_indptr"),
      expected: "non-decreasing values", actual: "5 after 7 at position 12")
    #expect(
      error.description
        == "cora.npz: field 'adj_indptr': expected non-decreasing values, but got 5 after 7 at position 12")
  }

  @Test func describesLineAndColumn() {
    let error = GraphDataError(
      .parse, file: "edges.csv", location: .line(17, column: 2),
      expected: "a non-negative integer node id", actual: "\"abc\"")
    #expect(
      error.description == "edges.csv: line 17, column 2: expected a non-negative integer node id, but got \"abc\"")
  }
}
