import Foundation
import Tensors
import Testing

@testable import GraphData

@Suite("HDF5GraphStore")
struct HDF5GraphStoreTests {
  @Test(arguments: [4, nil] as [Int?])
  func writeThenReadGivesTheSameGraph(compression: Int?) throws {
    let dir = try TemporaryDirectory()
    let graph = try SampleGraphs.complete()
    let url = dir.file("sample.h5")
    try HDF5GraphStore.write(graph, to: url, options: .init(compressionLevel: compression))
    let back = try HDF5GraphStore.read(from: url)
    #expect(back == graph)
    #expect(try dir.contents() == ["sample.h5"])
  }
}
