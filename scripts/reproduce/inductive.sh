#!/usr/bin/env bash
# The inductive (production) setting on Cora (issue #18): 20 % of the test nodes and every edge
# touching them are held out of all training — the self-distilled GAT teacher, its soft labels,
# the GCN-8 and MLP-128 students — and scored afterwards on the full graph (GLNN, ICLR 2022).
# `graphkd run --inductive 0.2` with `graphkd run`'s default teacher and students, on the
# Planetoid public split and at 5 labels per class, cost not measured. Full: 10 seeds; --quick: 2.
# Writes notebooks-export/inductive/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start inductive "$@"
SEEDS=10; [ "$MODE" = quick ] && SEEDS=2; SEEDS=$(seeds_or "$SEEDS")

GRAPH="$(work_copy inductive)"
WORK="$(dirname "$GRAPH")"
"$PYTHON" - "$WORK/seeds.json" "$SEEDS" <<'PY'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump({"seeds": list(range(int(sys.argv[2]))), "inductive": 0.2}, f, indent=2)
    f.write("\n")
PY
run_pipeline public graphkd run "$GRAPH" --config "$WORK/seeds.json" --no-cost --quiet
run_pipeline k5 graphkd run "$GRAPH" --config "$WORK/seeds.json" --labels-per-class 5 --no-cost --quiet
finish "$SEEDS"
