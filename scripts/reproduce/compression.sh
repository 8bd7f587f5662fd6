#!/usr/bin/env bash
# Compressing the self-distilled teacher on Cora (issue #6): teacher against students in accuracy
# and cost, and which distillation loss helps. Writes notebooks-export/compression/.
#
# 1. `graphkd run` with configs/cora-public.json and configs/cora-k5.json (seeds replaced by the
#    mode's): the default teacher (its backbone chosen by validation per seed, then the standard
#    self-distillation), a GCN student with 8 hidden units and an MLP student with 128, per seed; cost (parameters, MACs, memory, latency full-graph and per
#    request of 1 and 256 nodes) measured on the first seed. Full: 10 seeds; --quick: 2.
# 2. The loss ablation of scripts/reproduce/compression_ablation.sh, distilled from the seed-0
#    teachers that step 1 stored in the file: `graphkd distill` with kd / +hint / +de /
#    +lsp (GCN) or +rkd (MLP) / all, for both students at both splits. Full: 3 student seeds
#    per configuration (the expert and structure losses make a student 2-8x slower to train, and
#    all.sh has 60 minutes); --quick: 1 seed, public split only.
# Everything runs on a copy of data/cora.h5 in runs/reproduce/compression/ (git-ignored).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start compression "$@"
SEEDS=10; ABLATION_SEEDS=3; ABLATION_SPLITS=(public k5_seed0)
[ "$MODE" = quick ] && { SEEDS=2; ABLATION_SEEDS=1; ABLATION_SPLITS=(public); }
SEEDS=$(seeds_or "$SEEDS")

GRAPH="$(work_copy compression)"
WORK="$(dirname "$GRAPH")"
for config in cora-public cora-k5; do
  "$PYTHON" - "configs/$config.json" "$WORK/$config.json" "$SEEDS" <<'PY'
import json, sys
source, target, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3])
config = json.load(open(source, encoding="utf-8"))
config["seeds"] = list(range(seeds))
with open(target, "w", encoding="utf-8") as f:
    json.dump(config, f, indent=2)
    f.write("\n")
PY
done

run_pipeline public graphkd run "$GRAPH" --config "$WORK/cora-public.json" --quiet
run_pipeline k5 graphkd run "$GRAPH" --config "$WORK/cora-k5.json" --quiet

# The ablation distils from the seed-0 teachers just stored (`standard-<backbone>-<split>-seed0`,
# with their hidden representations), named in the runs' reports.
for split in "${ABLATION_SPLITS[@]}"; do
  report="$SCRATCH/$([ "$split" = public ] && echo public || echo k5)/report.json"
  teacher="$("$PYTHON" -c 'import json,sys; print(next(r["softLabelRun"] for r in json.load(open(sys.argv[1]))["runs"] if r["seed"] == 0))' "$report")"
  gcn=(--teacher-run "$teacher" --split "$split" --student gcn --hidden 8 --alpha 0.2 --temperature 2 --seeds "$ABLATION_SEEDS")
  mlp=(--teacher-run "$teacher" --split "$split" --student mlp --hidden 128 --alpha 0.1 --temperature 2 --seeds "$ABLATION_SEEDS")
  run_report "gcn-$split-kd" graphkd distill "$GRAPH" "${gcn[@]}" --loss kd=1
  run_report "gcn-$split-kd+hint" graphkd distill "$GRAPH" "${gcn[@]}" --loss kd=1,hint=0.1
  run_report "gcn-$split-kd+de" graphkd distill "$GRAPH" "${gcn[@]}" --loss kd=1,de=0.1
  run_report "gcn-$split-kd+lsp" graphkd distill "$GRAPH" "${gcn[@]}" --loss kd=1,lsp=0.1
  run_report "gcn-$split-all" graphkd distill "$GRAPH" "${gcn[@]}" --loss kd=1,hint=0.1,de=0.1,lsp=0.1,rkd=0.1
  run_report "mlp-$split-kd" graphkd distill "$GRAPH" "${mlp[@]}" --loss kd=1
  run_report "mlp-$split-kd+hint" graphkd distill "$GRAPH" "${mlp[@]}" --loss kd=1,hint=0.1
  run_report "mlp-$split-kd+de" graphkd distill "$GRAPH" "${mlp[@]}" --loss kd=1,de=0.1
  run_report "mlp-$split-kd+rkd" graphkd distill "$GRAPH" "${mlp[@]}" --loss kd=1,rkd=0.1
  run_report "mlp-$split-all" graphkd distill "$GRAPH" "${mlp[@]}" --loss kd=1,hint=0.1,de=0.1,lsp=0.1,rkd=0.1
done
finish "$SEEDS"
