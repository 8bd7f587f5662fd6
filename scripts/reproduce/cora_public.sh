#!/usr/bin/env bash
# Cora, Planetoid public split: GCN, GAT, APPNP, GraphSAGE and MLP trained supervised with each
# paper's hyperparameters, the standard self-distilled GCN teacher, and `graphkd run`'s default
# teacher (backbone chosen by validation; --dry-run: nothing written), over the same seeds.
# Full: 10 seeds; --quick: 2. Writes notebooks-export/cora_public/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start cora_public "$@"
SEEDS=10; [ "$MODE" = quick ] && SEEDS=2; SEEDS=$(seeds_or "$SEEDS")

for model in gcn gat appnp sage mlp; do
  run_report "train-$model" graphkd train data/cora.h5 --model "$model" --split public --seeds "$SEEDS" --quiet
done
# evaluate needs at least one labels-per-class setting; the table uses its public-split runs.
run_report self-kd graphkd evaluate data/cora.h5 --include-public --labels-per-class 20 --seeds "$SEEDS" \
  --variants standard
GRAPH="$(work_copy cora_public)"
CONFIG="$(dirname "$GRAPH")/seeds.json"
"$PYTHON" -c 'import json,sys; print(json.dumps({"seeds": list(range(int(sys.argv[1])))}))' "$SEEDS" > "$CONFIG"
run_pipeline default-teacher graphkd run "$GRAPH" --config "$CONFIG" --no-cost --quiet --dry-run
finish "$SEEDS"
