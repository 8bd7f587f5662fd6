// swift-tools-version:6.0
//===--- Package.swift ----------------------------------------------------===//
//
// GraphKD: label-scarce learning on graphs with knowledge distillation.
//
// Targets are listed bottom to top in dependency order (see docs/DESIGN.md).
//
//===----------------------------------------------------------------------===//

import PackageDescription

let package = Package(
  name: "GraphKD",
  products: [
    .library(name: "Tensors", targets: ["Tensors"]),
    .library(name: "GNN", targets: ["GNN"]),
    .library(name: "Distillation", targets: ["Distillation"]),
    .library(name: "GraphData", targets: ["GraphData"]),
    .library(name: "Evaluation", targets: ["Evaluation"]),
    .library(name: "Recommendation", targets: ["Recommendation"]),
    .library(name: "ModelExport", targets: ["ModelExport"]),
    .library(name: "GraphKD", targets: ["GraphKD"]),
    .executable(name: "graphkd", targets: ["graphkd"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
  ],
  targets: [
    // MARK: - Public API
    .target(
      name: "Tensors",
      dependencies: ["CBLAS", "CPrefetch", "CMalloc", "CFloatingPoint"]
    ),

    .target(
      name: "GraphData",
      dependencies: [
        "Tensors",
        "CHDF5",
        "CGzip",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]
    ),

    .target(
      name: "GNN",
      dependencies: ["Tensors", "GraphData"]
    ),

    .target(
      name: "Distillation",
      dependencies: ["Tensors", "GraphData", "GNN"]
    ),

    .target(
      name: "Evaluation",
      dependencies: ["Tensors", "GraphData", "GNN", "CMalloc"]
    ),

    .target(
      name: "Recommendation",
      dependencies: ["Tensors", "GraphData"]
    ),

    .target(
      name: "ModelExport",
      dependencies: ["Tensors", "GraphData", "GNN", .product(name: "SwiftProtobuf", package: "swift-protobuf")]
    ),

    .target(
      name: "GraphKD",
      dependencies: ["Tensors", "GraphData", "GNN", "Distillation", "Evaluation", "ModelExport"],
      plugins: ["BuildCommit"]
    ),

    // MARK: - Command-line tool
    .executableTarget(
      name: "graphkd",
      dependencies: [
        "Tensors",
        "GraphData",
        "GNN",
        "Distillation",
        "Evaluation",
        "GraphKD",
        "Recommendation",
        "ModelExport",
        "ReferenceKernels",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // MARK: - Implementation details
    .plugin(name: "BuildCommit", capability: .buildTool()),

    .systemLibrary(name: "CPrefetch"),

    .systemLibrary(name: "CFloatingPoint"),

    .systemLibrary(name: "CMalloc"),

    .systemLibrary(
      name: "CBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]
    ),

    .systemLibrary(
      name: "CHDF5",
      pkgConfig: "hdf5",
      providers: [.apt(["libhdf5-dev"])]
    ),

    .systemLibrary(
      name: "CGzip",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),

    // Naive, obviously-correct kernels: the baseline `graphkd bench tensors` times and the
    // reference the kernel tests compare against.
    .target(
      name: "ReferenceKernels",
      dependencies: ["Tensors"]
    ),

    .target(
      name: "_TestSupport",
      dependencies: ["Tensors", "ReferenceKernels"]
    ),

    // MARK: - Unit test bundles
    .testTarget(
      name: "TensorsTests",
      dependencies: ["Tensors", "_TestSupport"]
    ),

    .testTarget(
      name: "GraphDataTests",
      dependencies: ["GraphData", "CGzip"],
      exclude: ["Fixtures"]
    ),

    .testTarget(
      name: "GNNTests",
      dependencies: ["GNN", "Tensors", "_TestSupport"]
    ),

    .testTarget(
      name: "EvaluationTests",
      dependencies: ["Evaluation", "GNN", "GraphData", "Tensors", "_TestSupport"]
    ),

    .testTarget(
      name: "DistillationTests",
      dependencies: ["Distillation", "GNN", "Tensors", "_TestSupport"]
    ),

    .testTarget(
      name: "ReadmeExampleTests",
      dependencies: ["GraphKD"]
    ),

    .testTarget(
      name: "NotebookExportTests",
      dependencies: []
    ),

    .testTarget(
      name: "RecommendationTests",
      dependencies: ["Recommendation", "GraphData", "Tensors", "_TestSupport"]
    ),

    .testTarget(
      name: "GraphKDTests",
      dependencies: ["GraphKD"]
    ),

    .testTarget(
      name: "GraphKDCLITests",
      dependencies: ["graphkd"]
    ),
  ]
)
