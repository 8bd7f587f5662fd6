#!/usr/bin/env bash
# Compressing the self-distilled teacher into small students on Cora, and which distillation
# loss helps (issue #6).
#
# Teachers: `graphkd self-distill --model gat` (the standard self-distilled GAT, 92,373
# parameters, which stores its 64-wide hidden representation with its soft labels) on the public
# split and on k5_seed0 (5 labels per class, made by `graphkd split`). Students, each from the
# stored signals only, by `graphkd distill`:
#   GCN, 8 hidden units (11,535 parameters: 8.0x fewer than the teacher), alpha 0.2, T 2;
#   MLP, 256 hidden units (graph-free inference), alpha 0.1, T 2;
# with the losses kd; kd+hint; kd+de; kd+lsp (GCN) or kd+rkd (MLP); all five.
# One JSON report per configuration in DIR.
#
# usage: scripts/reproduce/compression_ablation.sh [--quick] [--out DIR]
#   --quick   3 seeds per configuration instead of 10
#   --out     where the reports go (default: compression-ablation)
# Environment: GRAPHKD_BIN, a graphkd binary (default: a release build in .build-kd).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SEEDS=10
OUT=compression-ablation
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SEEDS=3 ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "$0: unknown argument '$1' (expected --quick or --out DIR)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"

if [ -n "${GRAPHKD_BIN:-}" ]; then
  GRAPHKD="$GRAPHKD_BIN"
else
  (cd "$REPO_ROOT" && swift build -c release --scratch-path .build-kd --product graphkd >&2)
  GRAPHKD="$REPO_ROOT/.build-kd/release/graphkd"
fi

# Work on a copy: the bundled data/cora.h5 is never modified.
GRAPH="$OUT/cora.h5"
cp "$REPO_ROOT/data/cora.h5" "$GRAPH"
"$GRAPHKD" split "$GRAPH" --labels-per-class 5 --val 500 --seeds 0 > "$OUT/split.log"
for split in public k5_seed0; do
  "$GRAPHKD" self-distill "$GRAPH" --split "$split" --model gat --seed 0 | tee "$OUT/teacher-$split.log"
done

distill() {  # distill NAME ARGS...
  local name="$1"; shift
  echo "-- $name: graphkd distill cora.h5 $*"
  "$GRAPHKD" distill "$GRAPH" --seeds "$SEEDS" --out "$OUT/$name.json" "$@" | tail -n 1
}

for split in public k5_seed0; do
  teacher="standard-gat-$split-seed0"
  gcn=(--teacher-run "$teacher" --split "$split" --student gcn --hidden 8 --alpha 0.2 --temperature 2)
  mlp=(--teacher-run "$teacher" --split "$split" --student mlp --hidden 256 --alpha 0.1 --temperature 2)
  distill "gcn-$split-kd" "${gcn[@]}" --loss kd=1
  distill "gcn-$split-kd+hint" "${gcn[@]}" --loss kd=1,hint=0.1
  distill "gcn-$split-kd+de" "${gcn[@]}" --loss kd=1,de=0.1
  distill "gcn-$split-kd+lsp" "${gcn[@]}" --loss kd=1,lsp=0.1
  distill "gcn-$split-all" "${gcn[@]}" --loss kd=1,hint=0.1,de=0.1,lsp=0.1,rkd=0.1
  distill "mlp-$split-kd" "${mlp[@]}" --loss kd=1
  distill "mlp-$split-kd+hint" "${mlp[@]}" --loss kd=1,hint=0.1
  distill "mlp-$split-kd+de" "${mlp[@]}" --loss kd=1,de=0.1
  distill "mlp-$split-kd+rkd" "${mlp[@]}" --loss kd=1,rkd=0.1
  distill "mlp-$split-all" "${mlp[@]}" --loss kd=1,hint=0.1,de=0.1,lsp=0.1,rkd=0.1
done

# One table: configuration, student accuracy (mean ± std over seeds), retention, parameters.
python3 - "$OUT" <<'PY'
import glob, json, os, statistics, sys
out = sys.argv[1]
print("| configuration | loss | seeds | student acc % | teacher acc % | retention % | parameters |")
print("| --- | --- | ---: | --- | ---: | ---: | ---: |")
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    r = json.load(open(path))
    acc = [100 * x["testAccuracy"] for x in r["runs"]]
    ret = [100 * x["retention"] for x in r["runs"]]
    sd = statistics.stdev(acc) if len(acc) > 1 else 0.0
    terms = ",".join("%s=%g" % (t["name"], t["weight"]) for t in r["objective"]["terms"])
    print("| %s | %s | %d | %.1f ± %.1f | %.1f | %.1f | %d |" % (
        os.path.basename(path)[:-5], terms, len(acc), statistics.mean(acc), sd,
        100 * r["runs"][0]["teacherTestAccuracy"], statistics.mean(ret), r["runs"][0]["parameters"]))
PY
