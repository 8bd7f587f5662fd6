#!/usr/bin/env bash
# Rebuilds data/cora.h5, the bundled default graph of `graphkd run`, from the Planetoid Cora .npz.
#
#   graphkd convert npz ../shared/data/cora_planetoid.npz --name cora -o data/cora.h5 --force
#
# The input is ../shared/data/cora_planetoid.npz when present, otherwise its identical copy in
# Tests/GraphDataTests/Fixtures/. GraphKD writes files without timestamps, so rebuilding gives the
# same bytes (checked with `git diff --exit-code data/cora.h5` in CI if wanted).
# Usage: scripts/build_data.sh [path/to/graphkd]
set -euo pipefail
cd "$(dirname "$0")/.."
graphkd="${1:-}"
if [[ -z "$graphkd" ]]; then
  swift build -c release --product graphkd >/dev/null
  graphkd=".build/release/graphkd"
fi
input="../shared/data/cora_planetoid.npz"
[[ -f "$input" ]] || input="Tests/GraphDataTests/Fixtures/cora_planetoid.npz"
"$graphkd" convert npz "$input" --name cora -o data/cora.h5 --force
"$graphkd" inspect data/cora.h5
