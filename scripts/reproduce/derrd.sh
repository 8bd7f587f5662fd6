#!/usr/bin/env bash
# DE-RRD on CiteULike (issue #7): teacher (BPR-MF, d = 200), student alone (d = 20), DE, RRD and
# DE+RRD — leave-one-out HR/NDCG/MRR @5/10/20 and full-ranking Recall/NDCG @10/20/50 — on the
# DE-RRD split and on raw citeulike-t users.dat (seeded leave-one-out split), then the cost
# benchmark. Writes notebooks-export/derrd/.
#
# Full: the schedule of the README table (teacher: reference lr 0.001, ≤ 150 epochs; students:
# lr 0.005, ≤ 60 epochs; DE with 5 experts per side instead of 30 — see the README for why),
# seed 0 on both datasets; ≈ 1.5 h on 2 cores shared with other jobs (per seed and dataset: teacher
# ≈ 6 min, student 1, DE 10, RRD 9, DE+RRD 19 at a load average of 5–7).
# --quick: 1 seed each, ≤ 10 teacher and ≤ 3 student epochs (a smoke test, a few minutes).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start derrd "$@"
if [ "$MODE" = quick ]; then
  SEEDS=1; T_SEEDS=1; SCHEDULE=(--max-epochs 10 --student-max-epochs 3 --patience 5)
else
  SEEDS=1; T_SEEDS=1; SCHEDULE=(--max-epochs 150 --student-max-epochs 60)
fi
SETTINGS=(--student-learning-rate 0.005 --experts 5 --threads 1)

"$GRAPHKD" convert interactions --train data/citeulike-derrd/train.tsv --valid data/citeulike-derrd/valid.tsv \
  --test data/citeulike-derrd/test.tsv --users 5220 --items 25182 -o "$SCRATCH/citeulike-derrd.h5" > /dev/null
"$GRAPHKD" convert interactions --users-dat data/citeulike-t/users.dat --leave-one-out-seed 0 \
  -o "$SCRATCH/citeulike-t.h5" > /dev/null

# The two datasets are independent: one single-threaded process each, side by side.
start_report citeulike_derrd graphkd recommend evaluate "$SCRATCH/citeulike-derrd.h5" --seeds "$SEEDS" \
  "${SCHEDULE[@]}" "${SETTINGS[@]}"
start_report citeulike_t graphkd recommend evaluate "$SCRATCH/citeulike-t.h5" --seeds "$T_SEEDS" \
  "${SCHEDULE[@]}" "${SETTINGS[@]}"
wait_reports
run_report bench graphkd recommend bench "$SCRATCH/citeulike-derrd.h5"
finish "$SEEDS"
