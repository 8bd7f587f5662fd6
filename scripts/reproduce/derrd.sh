#!/usr/bin/env bash
# DE-RRD on CiteULike (issue #7): teacher (BPR-MF, d = 200), student alone (d = 20), DE, RRD and
# DE+RRD — leave-one-out HR/NDCG/MRR @5/10/20 and full-ranking Recall/NDCG @10/20/50 — on the
# DE-RRD split and on raw citeulike-t users.dat (seeded leave-one-out split), then the cost
# benchmark. Writes notebooks-export/derrd/.
#
# Full: the schedule of the README table (teacher: reference lr 0.001, ≤ 150 epochs; students:
# lr 0.005, ≤ 60 epochs; DE with 5 experts per side instead of 30 — see the README for why),
# seed 0 on both datasets, one single-threaded process per dataset side by side: 1,007 s on the
# 2 cores with nothing else running (commit 9d287b6). --seeds N runs seeds 0..N-1 on the DE-RRD
# split (in two processes) beside citeulike-t's seed 0: ≈ 13 min of one core per seed and dataset.
# --quick: 1 seed each, ≤ 10 teacher and ≤ 3 student epochs (a smoke test, 85 s).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start derrd "$@"
if [ "$MODE" = quick ]; then
  SCHEDULE=(--max-epochs 10 --student-max-epochs 3 --patience 5)
else
  SCHEDULE=(--max-epochs 150 --student-max-epochs 60)
fi
SEEDS=$(seeds_or 1)  # on the DE-RRD split; citeulike-t takes seed 0
SETTINGS=(--student-learning-rate 0.005 --experts 5 --threads 1)

"$GRAPHKD" convert interactions --train data/citeulike-derrd/train.tsv --valid data/citeulike-derrd/valid.tsv \
  --test data/citeulike-derrd/test.tsv --users 5220 --items 25182 -o "$SCRATCH/citeulike-derrd.h5" > /dev/null
"$GRAPHKD" convert interactions --users-dat data/citeulike-t/users.dat --leave-one-out-seed 0 \
  -o "$SCRATCH/citeulike-t.h5" > /dev/null

# Independent single-threaded processes side by side: the DE-RRD split's seeds in two halves
# (one process when there is one seed) and citeulike-t's seed 0.
FIRST_HALF=$(((SEEDS + 1) / 2))
start_report citeulike_derrd graphkd recommend evaluate "$SCRATCH/citeulike-derrd.h5" --seeds "$FIRST_HALF" \
  "${SCHEDULE[@]}" "${SETTINGS[@]}"
start_report citeulike_t graphkd recommend evaluate "$SCRATCH/citeulike-t.h5" --seeds 1 \
  "${SCHEDULE[@]}" "${SETTINGS[@]}"
if [ "$SEEDS" -gt "$FIRST_HALF" ]; then
  start_report citeulike_derrd_rest graphkd recommend evaluate "$SCRATCH/citeulike-derrd.h5" \
    --first-seed "$FIRST_HALF" --seeds "$((SEEDS - FIRST_HALF))" "${SCHEDULE[@]}" "${SETTINGS[@]}"
fi
wait_reports
run_report bench graphkd recommend bench "$SCRATCH/citeulike-derrd.h5"
finish "$SEEDS"
