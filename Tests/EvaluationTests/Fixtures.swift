import GNN
import Tensors
import _TestSupport

/// Random graphs and models shared by the Evaluation tests.
enum Fixtures {
  /// A sparse random undirected graph (about 1.25 edges per node, so two hops reach a small part
  /// of it) with dense or sparse random features and random labels.
  static func data(nodes: Int = 1500, features: Int = 12, sparseFeatures: Bool, seed: UInt64) throws
    -> NodeClassificationData
  {
    var g = Xoshiro256StarStar(seed: seed)
    let adjacency = RandomFixtures.undirectedGraph(nodes: nodes, edges: nodes * 5 / 4, generator: &g)
    let x: LayerInput
    if sparseFeatures {
      x = .sparse(RandomFixtures.csr(rows: nodes, columns: features, generator: &g) { i in 1 + i % 4 })
    } else {
      x = .dense(Variable(Tensor.randomNormal(shape: [nodes, features], generator: &g)))
    }
    let labels = (0..<nodes).map { $0 % 3 }
    return try NodeClassificationData(
      features: x, labels: labels, graph: GraphStructure(adjacency: adjacency), classCount: 3,
      trainNodes: Array(0..<(nodes / 5)), validationNodes: Array((nodes / 5)..<(2 * nodes / 5)),
      testNodes: Array((2 * nodes / 5)..<nodes))
  }

  /// A model of `architecture` with small layers, in evaluation mode.
  static func model(_ architecture: ModelConfiguration.Architecture, inputDimension: Int, seed: UInt64 = 1) throws
    -> NodeClassifier
  {
    var configuration = ModelConfiguration.standard(architecture)
    switch architecture {
    case .gat:
      configuration.hiddenDimensions = [4]
      configuration.heads = 3
      configuration.outputHeads = 2
    case .appnp:
      configuration.hiddenDimensions = [8]
      configuration.propagationSteps = 3
    case .gcnii:
      configuration.hiddenDimensions = [8]
      configuration.propagationSteps = 3
    default:
      configuration.hiddenDimensions = [8, 6]
    }
    let model = try NodeClassifier(
      configuration: configuration, inputDimension: inputDimension, classCount: 3, random: RandomSource(seed: seed))
    model.isTraining = false
    return model
  }
}
