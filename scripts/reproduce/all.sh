#!/usr/bin/env bash
# Regenerates every notebook in notebooks-export/ (full: <= 60 min on 2 cores; --quick: <= 10).
# Arguments (--quick, --seeds N, --out-root DIR) are passed to each script. Builds the CLI once.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
source "$HERE/common.sh"
parse_arguments "$@"  # a bad argument stops here, before the build and the scripts
if [ -z "${GRAPHKD_BIN:-}" ]; then
  export GRAPHKD_SOURCE_STATE="$(source_state)"  # of the tree the binary is built from, now
  (cd "$REPO_ROOT" && swift build -c release --scratch-path .build-nb --product graphkd)
  export GRAPHKD_BIN="$REPO_ROOT/.build-nb/release/graphkd"
fi
# One line per table, in README order. DE-RRD's script runs whenever it exists.
SCRIPTS=(cora_public label_rate selfkd_ablation compression)
for name in derrd; do
  [ -x "$HERE/$name.sh" ] && SCRIPTS+=("$name")
done
START=$SECONDS
FAILED=()
for name in "${SCRIPTS[@]}"; do
  t0=$SECONDS
  if "$HERE/$name.sh" "$@"; then
    echo "== $name: $((SECONDS - t0)) s"
  else
    echo "== $name: FAILED after $((SECONDS - t0)) s" >&2
    FAILED+=("$name")
  fi
done
echo "== all: $((SECONDS - START)) s"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "all.sh: failed: ${FAILED[*]}" >&2
  exit 1
fi
