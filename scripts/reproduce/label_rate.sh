#!/usr/bin/env bash
# The label-rate sweep on Cora: K = 1, 2, 3, 5, 10, 20 labelled nodes per class (and the public
# split), plain GCN against the standard self-distilled GCN teacher on identical splits and
# seeds; and, per K, an MLP student (256 hidden units, T 2, alpha 0.1) distilled by `graphkd run`
# from the same self-distilled GCN teacher on the same splits and seeds (on a copy of
# data/cora.h5 in runs/reproduce/label_rate/, git-ignored). Full: 10 seeds; --quick: 2.
# Writes notebooks-export/label_rate/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start label_rate "$@"
SEEDS=10; [ "$MODE" = quick ] && SEEDS=2; SEEDS=$(seeds_or "$SEEDS")

run_report sweep graphkd evaluate data/cora.h5 --labels-per-class 1,2,3,5,10,20 --include-public \
  --seeds "$SEEDS" --variants plain,standard

GRAPH="$(work_copy label_rate)"
CONFIG="$(dirname "$GRAPH")/seeds.json"
"$PYTHON" -c 'import json,sys; print(json.dumps({"seeds": list(range(int(sys.argv[1])))}))' "$SEEDS" > "$CONFIG"
for k in 1 2 3 5 10 20; do
  run_pipeline "student-k$k" graphkd run "$GRAPH" --config "$CONFIG" --labels-per-class "$k" --teacher gcn \
    --student mlp:hidden=256,T=2,alpha=0.1 --no-cost --quiet
done
finish "$SEEDS"
