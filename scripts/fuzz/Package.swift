// swift-tools-version:6.0
// Fuzz targets for GraphKD's readers (libFuzzer). Not part of the main package: build and run
// them with scripts/fuzz/run.sh, which compiles everything with -sanitize=fuzzer.
import PackageDescription

let package = Package(
  name: "GraphKDFuzz",
  dependencies: [.package(name: "GraphKD", path: "../..")],
  targets: [
    .executableTarget(
      name: "graphkd-fuzz",
      dependencies: [
        .product(name: "GraphData", package: "GraphKD"),
        .product(name: "GraphKD", package: "GraphKD"),
      ]
    )
  ]
)
