import Evaluation
import GNN
import Tensors
import Testing

/// The MACs formula on a 4-node path, small enough to check by hand.
///
/// Path 0 – 1 – 2 – 3: nnz(A) = 6, so ā = 1.5; Â and A + I have 10 entries, â = ã = 2.5.
/// Dense features have width 3; the sparse ones have 6 entries over 4 rows (1.5 per row).
@Suite struct ModelCostTests {
  static func path() throws -> GraphStructure {
    let adjacency = try CSRMatrix(
      rowCount: 4, columnCount: 4, rows: [0, 1, 1, 2, 2, 3], columns: [1, 0, 2, 1, 3, 2], values: nil)
    return try GraphStructure(adjacency: adjacency)
  }

  static var dense: LayerInput { .dense(Variable(Tensor(repeating: 1, shape: [4, 3]))) }
  static var sparse: LayerInput {
    .sparse(
      try! CSRMatrix(
        rowCount: 4, columnCount: 3, rows: [0, 0, 1, 2, 2, 3], columns: [0, 2, 1, 0, 1, 2], values: nil))
  }

  static func cost(_ configuration: ModelConfiguration, _ features: LayerInput) throws -> ModelCost {
    let model = try NodeClassifier(
      configuration: configuration, inputDimension: 3, classCount: 2, random: RandomSource(seed: 0))
    return try ModelCost(model: model, features: features, graph: path())
  }

  @Test func gcnProjectsThenPropagatesWhenNarrowing() throws {
    // layer1: 3·2 + 2.5·2 = 11; layer2: 2·2 + 2.5·2 = 9.
    let c = try Self.cost(ModelConfiguration(architecture: .gcn, hiddenDimensions: [2]), Self.dense)
    #expect(c.layers.map(\.multiplyAccumulatesPerNode) == [11, 9])
    #expect(c.multiplyAccumulatesPerNode == 20)
    #expect(c.parameterCount == (3 * 2 + 2) + (2 * 2 + 2))
    #expect(c.parameterBytes == 4 * c.parameterCount)
    #expect(c.layers.map(\.kind) == ["GCNConv", "GCNConv"])
  }

  @Test func gcnPropagatesTheNarrowerDenseInputWhenWidening() throws {
    // layer1: 3·5 + 2.5·3 = 22.5 (Â H first, H has width 3); layer2: 5·2 + 2.5·2 = 15.
    let c = try Self.cost(ModelConfiguration(architecture: .gcn, hiddenDimensions: [5]), Self.dense)
    #expect(c.multiplyAccumulatesPerNode == 37.5)
  }

  @Test func sparseFeaturesCostTheirNonzerosPerRow() throws {
    // layer1: 1.5·5 + 2.5·5 = 20 (sparse input is always projected first); layer2: 15.
    let c = try Self.cost(ModelConfiguration(architecture: .gcn, hiddenDimensions: [5]), Self.sparse)
    #expect(c.multiplyAccumulatesPerNode == 35)
    let mlp = try Self.cost(ModelConfiguration(architecture: .mlp, hiddenDimensions: [4]), Self.sparse)
    #expect(mlp.multiplyAccumulatesPerNode == 1.5 * 4 + 4 * 2)
  }

  @Test func sageCountsBothProjectionsAndTheMean() throws {
    // layer1: 2·3·2 + 1.5·2 = 15; layer2: 2·2·2 + 1.5·2 = 11.
    let c = try Self.cost(ModelConfiguration(architecture: .sage, hiddenDimensions: [2]), Self.dense)
    #expect(c.multiplyAccumulatesPerNode == 26)
    #expect(c.parameterCount == (3 * 2 + 2 + 3 * 2) + (2 * 2 + 2 + 2 * 2))
  }

  @Test func gatCountsEveryHead() throws {
    // layer1 (2 heads × 2): 3·4 + 2·4 + 2.5·4 = 30; layer2 (1 head × 2): 4·2 + 2·2 + 2.5·2 = 17.
    let configuration = ModelConfiguration(architecture: .gat, hiddenDimensions: [2], heads: 2, outputHeads: 1)
    let c = try Self.cost(configuration, Self.dense)
    #expect(c.layers.map(\.multiplyAccumulatesPerNode) == [30, 17])
    // W 3·4, attention 2 heads × 2 vectors × 2, bias 4; then W 4·2, attention 1 × 2 × 2, bias 2.
    #expect(c.parameterCount == (12 + 8 + 4) + (8 + 4 + 2))
  }

  @Test func appnpAddsKPropagationStepsOverTheClasses() throws {
    // MLP 3·4 + 4·2 = 20, propagation 3 · 2.5 · 2 = 15.
    let configuration = ModelConfiguration(architecture: .appnp, hiddenDimensions: [4], propagationSteps: 3)
    let c = try Self.cost(configuration, Self.dense)
    #expect(c.layers.map(\.name) == ["layer1", "layer2", "propagation"])
    #expect(c.multiplyAccumulatesPerNode == 35)
  }

  @Test func signProjectsEveryHopAndPropagatesHopKKTimes() throws {
    // layer1, K = 2 hops of width 2: 3 projections 1.5·2 (sparse input) + (1 + 2) · 2.5 · 2 = 9 + 15
    // = 24; layer2 reads the 3 · 2 = 6 concatenated columns: 6·2 = 12.
    let configuration = ModelConfiguration(architecture: .sign, hiddenDimensions: [2], propagationSteps: 2)
    let c = try Self.cost(configuration, Self.sparse)
    #expect(c.layers.map(\.kind) == ["SIGNInception", "Linear"])
    #expect(c.layers.map(\.multiplyAccumulatesPerNode) == [24, 12])
    #expect(c.parameterCount == 3 * (3 * 2 + 2) + (6 * 2 + 2))
  }

  @Test func gcniiCountsItsPropagationAndSquareWeightPerLayer() throws {
    // layer1 (Linear 3 → 2): 3·2 = 6; two GCNII layers: 2.5·2 + 2·2 = 9 each; output 2·2 = 4.
    let configuration = ModelConfiguration(architecture: .gcnii, hiddenDimensions: [2], propagationSteps: 2)
    let c = try Self.cost(configuration, Self.dense)
    #expect(c.layers.map(\.kind) == ["Linear", "GCNIIConv", "GCNIIConv", "Linear"])
    #expect(c.layers.map(\.multiplyAccumulatesPerNode) == [6, 9, 9, 4])
    #expect(c.parameterCount == (3 * 2 + 2) + 2 * (2 * 2) + (2 * 2 + 2))
  }

  @Test func eachExitCostsTheLayersAndHeadsBelowIt() throws {
    // GCNII, 2 layers of width 2, heads 2 → 2 (4 MACs) on each of its 3 hidden layers: layers
    // [6, 9, 9, 4]; exit 1: 6 + 4; exit 2: + 9 + 4; exit 3: + 9 + 4; final: all = 28 + 12.
    let configuration = ModelConfiguration(
      architecture: .gcnii, hiddenDimensions: [2], propagationSteps: 2, auxiliaryHeads: true)
    let c = try Self.cost(configuration, Self.dense)
    #expect(c.exitCosts == [10, 23, 36, 40])
    // Nodes answered by exits 1, 3 and the final layer: (10 + 36 + 40) / 3.
    #expect(c.meanExitCost(exits: [0, 2, 3], rows: [0, 1, 2]) == 86.0 / 3)
    #expect(c.multiplyAccumulatesWithoutHeads == 28)
    let plain = try Self.cost(
      ModelConfiguration(architecture: .gcnii, hiddenDimensions: [2], propagationSteps: 2), Self.dense)
    #expect(plain.exitCosts.isEmpty && plain.multiplyAccumulatesWithoutHeads == 28)
  }

  @Test func auxiliaryHeadsAreCounted() throws {
    // GCN 11 + 9 as above, plus a 2 → 2 head: 4.
    let configuration = ModelConfiguration(architecture: .gcn, hiddenDimensions: [2], auxiliaryHeads: true)
    let c = try Self.cost(configuration, Self.dense)
    #expect(c.multiplyAccumulatesPerNode == 24)
    #expect(c.parameterCount == 14 + 6)
  }

  @Test func parameterCountMatchesTheModel() throws {
    for architecture in ModelConfiguration.Architecture.allCases {
      let model = try NodeClassifier(
        configuration: .standard(architecture), inputDimension: 3, classCount: 2, random: RandomSource(seed: 0))
      let c = try ModelCost(model: model, features: Self.dense, graph: Self.path())
      #expect(c.parameterCount == model.parameterCount)
      #expect(c.parameterCount == c.layers.reduce(0) { $0 + $1.parameterCount })
    }
    // Kipf & Welling's GCN on Cora: 1433·16 + 16 + 16·7 + 7.
    let cora = try NodeClassifier(
      configuration: .standard(.gcn), inputDimension: 1433, classCount: 7, random: RandomSource(seed: 0))
    #expect(cora.parameterCount == 23_063)
  }

  @Test func mismatchedFeaturesAreRejected() throws {
    let model = try NodeClassifier(
      configuration: .standard(.gcn), inputDimension: 4, classCount: 2, random: RandomSource(seed: 0))
    #expect(throws: EvaluationError.self) { try ModelCost(model: model, features: Self.dense, graph: Self.path()) }
    let fiveRows = LayerInput.dense(Variable(Tensor(repeating: 1, shape: [5, 4])))
    #expect(throws: EvaluationError.self) { try ModelCost(model: model, features: fiveRows, graph: Self.path()) }
  }
}
