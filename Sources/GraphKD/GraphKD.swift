// GraphKD: label-scarce learning on graphs with knowledge distillation.
//
// `import GraphKD` brings every layer of the library: tensors and autodiff (`Tensors`), the
// HDF5 store and importers (`GraphData`), GNN layers and training (`GNN`), self-distillation and
// student distillation (`Distillation`), cost accounting (`Evaluation`), and the pipeline that runs them end to end
// (``LabelScarcePipeline``).

@_exported import Distillation
@_exported import Evaluation
@_exported import GNN
@_exported import GraphData
@_exported import ModelExport
@_exported import Tensors
