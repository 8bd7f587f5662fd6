#!/usr/bin/env bash
# DE-RRD on CiteULike (issue #7): converts the bundled data, then runs the table — teacher,
# student alone, DE, RRD, DE+RRD, HR/NDCG/MRR @5/10/20 — on the DE-RRD split and on raw
# citeulike-t users.dat (seeded leave-one-out split), plus the cost benchmark.
#   scripts/reproduce/derrd.sh --out results/derrd [--quick] [extra `graphkd recommend evaluate` options]
# Writes <out>/citeulike-derrd.json, <out>/citeulike-t.json and <out>/bench.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=""
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ -n "$out" ]] || { echo "usage: $0 --out DIR [--quick] [options]" >&2; exit 2; }
mkdir -p "$out"
swift build -c release --product graphkd
bin="$(swift build -c release --show-bin-path)/graphkd"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" convert interactions --train data/citeulike-derrd/train.tsv --valid data/citeulike-derrd/valid.tsv \
  --test data/citeulike-derrd/test.tsv --users 5220 --items 25182 -o "$work/citeulike-derrd.h5"
"$bin" convert interactions --users-dat data/citeulike-t/users.dat --leave-one-out-seed 0 -o "$work/citeulike-t.h5"
"$bin" recommend evaluate "$work/citeulike-derrd.h5" "${args[@]}" --out "$out/citeulike-derrd.json"
"$bin" recommend evaluate "$work/citeulike-t.h5" "${args[@]}" --out "$out/citeulike-t.json"
"$bin" recommend bench "$work/citeulike-derrd.h5" --out "$out/bench.json"
