#!/usr/bin/env bash
# The inductive (production) setting on Cora (issue #18): 20 % of the test nodes and every edge
# touching them are held out of all training — the self-distilled teacher (its backbone chosen by
# validation), its soft labels, the students — and scored afterwards on the full graph (GLNN,
# ICLR 2022). `graphkd run --inductive 0.2` with `graphkd run`'s default teacher and students
# (GCN-8, the graph-free MLP-128) and a SIGN student (64 per hop, K = 2: an MLP that also reads a
# new node's 2-hop neighbourhood features), on the Planetoid public split and at 5 labels per
# class, cost not measured. Full: 10 seeds; --quick: 2.
# Writes notebooks-export/inductive/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start inductive "$@"
SEEDS=10; [ "$MODE" = quick ] && SEEDS=2; SEEDS=$(seeds_or "$SEEDS")

GRAPH="$(work_copy inductive)"
WORK="$(dirname "$GRAPH")"
"$PYTHON" - "$WORK/seeds.json" "$SEEDS" <<'PY'
import json, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    students = [
        {"name": "gcn-8", "architecture": "gcn", "hiddenDimensions": [8], "objective": {"temperature": 2, "alpha": 0.2}},
        {"name": "mlp", "architecture": "mlp", "hiddenDimensions": [128]},
        {"name": "sign", "architecture": "sign", "hiddenDimensions": [64]},
    ]
    json.dump({"seeds": list(range(int(sys.argv[2]))), "inductive": 0.2, "students": students}, f, indent=2)
    f.write("\n")
PY
run_pipeline public graphkd run "$GRAPH" --config "$WORK/seeds.json" --no-cost --quiet
run_pipeline k5 graphkd run "$GRAPH" --config "$WORK/seeds.json" --labels-per-class 5 --no-cost --quiet
finish "$SEEDS"
