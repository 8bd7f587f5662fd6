#!/usr/bin/env bash
# Defaults on graphs they were not tuned on (issue #19). The benchmark, each graph used whole:
#   - Cora, Planetoid split (data/cora.h5): the public split and K = 1, 2, 5, 20 labels per class;
#   - Cora as gnn-benchmark distributes it (cora.npz, converted with `graphkd convert npz`): K = 1,
#     2, 5, 20, random class-balanced splits;
#   - contextual SBM graphs (`graphkd generate csbm`, 1,000 nodes, 5 classes, 64 features, degree
#     10): homophily 0.3, 0.5, 0.7, 0.9 × feature signal 1.5 (weak) and 3 (strong), and one with
#     imbalanced classes (largest 5 × the smallest, homophily 0.7, signal 2): K = 1, 2, 5, 20;
#   - the heterophilous Geom-GCN graphs Cornell, Texas, Wisconsin and Actor (film), converted with
#     `graphkd convert geom-gcn`, on their ten standard splits (split i with seed i).
# Planetoid CiteSeer and PubMed are deliberately absent: they are reserved for an independent check.
#
# Part "teacher": `graphkd run` with its defaults (the backbone chosen by validation among GCN,
# GAT, SAGE, APPNP and MLP; the standard validation-guarded self-distillation; students GCN-8 and
# MLP), which records every candidate backbone's plain accuracy in the same run: the teacher is
# compared with the best plain backbone. Part "variants": `graphkd evaluate` per backbone, plain
# against standard on the same splits and seeds (the standard's guard takes the plain run as its
# plain candidate). Set GRAPHKD_REPRODUCE_CACHE to resume a stopped run, and
# GRAPHKD_REPRODUCE_MERGE=1 to keep the reports of the parts not run this time from the existing
# results.json (common.sh, notebook.py collect). Parts to run: $PARTS (default
# "teacher variants"). Full: 10 seeds; --quick: 2 (and only the teacher part on Cora public,
# Texas and one SBM graph).
#
# The Geom-GCN folders and cora.npz come from $GRAPHKD_SHARED_DATA (default ../shared/data; see
# its README). Writes notebooks-export/robustness/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start robustness "$@"
SEEDS=10; [ "$MODE" = quick ] && SEEDS=2; SEEDS=$(seeds_or "$SEEDS")
PARTS="${PARTS:-teacher variants}"
SHARED="${GRAPHKD_SHARED_DATA:-../shared/data}"  # relative to the repository root
for needed in cora.npz geom-gcn/cornell geom-gcn/texas geom-gcn/wisconsin geom-gcn/film; do
  [ -e "$SHARED/$needed" ] || { echo "$0: $SHARED/$needed is missing (set GRAPHKD_SHARED_DATA)" >&2; exit 1; }
done

WORK=runs/reproduce/robustness
rm -rf "$WORK"
mkdir -p "$WORK"
cp data/cora.h5 "$WORK/cora.h5"
"$PYTHON" -c 'import json,sys; print(json.dumps({"seeds": list(range(int(sys.argv[1])))}))' "$SEEDS" > "$WORK/seeds.json"

# Graphs: name, then the `graphkd` command that makes it (none for Cora).
GEOM=(cornell texas wisconsin film)
SBM=()
run_step make-cora-raw graphkd convert npz "$SHARED/cora.npz" -o "$WORK/cora-raw.h5" --name cora-raw
for g in "${GEOM[@]}"; do
  run_step "make-$g" graphkd convert geom-gcn "$SHARED/geom-gcn/$g" -o "$WORK/$g.h5"
done
for h in 0.3 0.5 0.7 0.9; do
  for s in 1.5 3; do
    SBM+=("csbm-h$h-s$s")
    run_step "make-csbm-h$h-s$s" graphkd generate csbm --nodes 1000 --classes 5 --features 64 --degree 10 \
      --homophily "$h" --signal "$s" -o "$WORK/csbm-h$h-s$s.h5"
  done
done
SBM+=("csbm-h0.7-s2-r5")
run_step make-csbm-h0.7-s2-r5 graphkd generate csbm --nodes 1000 --classes 5 --features 64 --degree 10 \
  --homophily 0.7 --signal 2 --imbalance 5 -o "$WORK/csbm-h0.7-s2-r5.h5"

KS=(1 2 5 20)
if [ "$MODE" = quick ]; then GEOM=(texas); SBM=(csbm-h0.3-s3); KS=(5); fi

if [[ " $PARTS " == *" teacher "* ]]; then
  for g in "${GEOM[@]}"; do
    for ((i = 0; i < SEEDS && i < 10; i++)); do
      start_pipeline "teacher-$g-split$i" graphkd run "$WORK/$g.h5" --split "geom_gcn_$i" --seed "$i" \
        --no-cost --quiet --dry-run
    done
  done
  start_pipeline teacher-cora-public graphkd run "$WORK/cora.h5" --config "$WORK/seeds.json" --no-cost --quiet --dry-run
  for g in cora cora-raw "${SBM[@]}"; do
    [ "$MODE" = quick ] && [ "$g" = cora-raw ] && continue
    for k in "${KS[@]}"; do
      start_pipeline "teacher-$g-k$k" graphkd run "$WORK/$g.h5" --config "$WORK/seeds.json" --labels-per-class "$k" \
        --no-cost --quiet --dry-run
    done
  done
  wait_pipelines
fi

if [[ " $PARTS " == *" variants "* ]] && [ "$MODE" = full ]; then
  K_LIST="$(IFS=,; echo "${KS[*]}")"
  for b in gcn gat sage appnp mlp; do
    run_report "variants-cora-$b" graphkd evaluate "$WORK/cora.h5" --model "$b" --variants plain,standard \
      --labels-per-class "$K_LIST" --include-public --seeds "$SEEDS"
    for g in cora-raw "${SBM[@]}"; do
      run_report "variants-$g-$b" graphkd evaluate "$WORK/$g.h5" --model "$b" --variants plain,standard \
        --labels-per-class "$K_LIST" --seeds "$SEEDS"
    done
    for g in "${GEOM[@]}"; do
      run_report "variants-$g-$b" graphkd evaluate "$WORK/$g.h5" --model "$b" --variants plain,standard \
        --splits geom_gcn_
    done
  done
fi
finish "$SEEDS"
