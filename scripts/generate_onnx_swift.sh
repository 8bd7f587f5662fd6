#!/usr/bin/env bash
# Regenerates Sources/ModelExport/ONNX/onnx.pb.swift from ONNX's own schema. Run it only when
# moving to another onnx or swift-protobuf version; the generated file is committed.
#
# - onnx.proto: from the `onnx` PyPI package (onnx/onnx.proto, proto2; 1.23.2 when generated)
# - protoc: the one bundled with PyPI's grpcio-tools (`python3 -m grpc_tools.protoc`)
# - protoc-gen-swift: built from the swift-protobuf this package depends on (1.39.0), so the
#   generated code matches the runtime library
#
# Usage: scripts/generate_onnx_swift.sh   (from anywhere; needs pip and the Swift toolchain)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python3 -m pip install --quiet --disable-pip-version-check onnx grpcio-tools
swift build --package-path "$root" --scratch-path "$root/.build-protoc" -c release --product protoc-gen-swift
plugin="$root/.build-protoc/release/protoc-gen-swift"
onnx_dir=$(python3 -c "import onnx, os; print(os.path.dirname(os.path.dirname(onnx.__file__)))")
python3 -m grpc_tools.protoc --plugin=protoc-gen-swift="$plugin" \
  --swift_out="$root/Sources/ModelExport/ONNX" --swift_opt=Visibility=Public --swift_opt=FileNaming=DropPath \
  -I "$onnx_dir" onnx/onnx.proto
echo "generated Sources/ModelExport/ONNX/onnx.pb.swift from onnx $(python3 -c 'import onnx; print(onnx.__version__)')"
