#!/usr/bin/env bash
# DE-RRD trained to convergence on the DE-RRD CiteULike split (issue #7, must-show 1): per seed, the
# BPR teacher (d = 200, reference lr 0.001, ≤ 150 epochs), stored in that seed's copy of the dataset
# (`--cache-teacher`), then, from it, the student alone and DE + RRD with the item-side ranking term
# of IR-RRD (`de-rrd-ir`), students at lr 0.002 for ≤ 400 epochs with the reference's early stopping
# (patience 20), DE with 5 experts per side. Single-threaded processes, two at a time.
# Full: 5 seeds (a seed's evaluate took 24-55 min of one core, two or three at a time: see the README).
# --quick: seed 0, ≤ 10 teacher and ≤ 3 student epochs (a smoke test).
# Environment: STUDENT_LEARNING_RATE (default 0.002) sets the students' learning rate; any other value
# writes notebooks-export/derrd_converged_lr<RATE>/ instead (derrd_converged_lr0.005/ is the 0.005 run).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DEFAULT_STUDENT_LEARNING_RATE=0.002  # the rate of notebooks-export/derrd_converged/
STUDENT_LEARNING_RATE="${STUDENT_LEARNING_RATE:-$DEFAULT_STUDENT_LEARNING_RATE}"
[[ "$STUDENT_LEARNING_RATE" =~ ^[0-9]*\.?[0-9]+$ ]] || {
  echo "$0: STUDENT_LEARNING_RATE expects a positive number, got '$STUDENT_LEARNING_RATE'" >&2; exit 2; }
start derrd_converged "$@"
if [ "$STUDENT_LEARNING_RATE" != "$DEFAULT_STUDENT_LEARNING_RATE" ]; then
  OUT_DIR="$OUT_ROOT/derrd_converged_lr$STUDENT_LEARNING_RATE"
  mkdir -p "$OUT_DIR"
  echo "   (students at lr $STUDENT_LEARNING_RATE -> $OUT_DIR)"
fi
if [ "$MODE" = quick ]; then
  TEACHER=(--max-epochs 10 --patience 5)
  STUDENT_EPOCHS=3
  SEEDS=$(seeds_or 1)
else
  TEACHER=(--max-epochs 150)
  STUDENT_EPOCHS=400
  SEEDS=$(seeds_or 5)
fi
SETTINGS=(--student-learning-rate "$STUDENT_LEARNING_RATE" --experts 5 --threads 1)

"$GRAPHKD" convert interactions --train data/citeulike-derrd/train.tsv --valid data/citeulike-derrd/valid.tsv \
  --test data/citeulike-derrd/test.tsv --users 5220 --items 25182 -o "$SCRATCH/citeulike-derrd.h5" > /dev/null
for ((s = 0; s < SEEDS; s++)); do
  mkdir -p "$SCRATCH/seed$s"  # one file per seed: each process stores its own teacher
  cp "$SCRATCH/citeulike-derrd.h5" "$SCRATCH/seed$s/citeulike-derrd.h5"
done

# The teachers (the student of these runs is a 1-epoch placeholder; the table's come next).
for ((s = 0; s < SEEDS; s++)); do
  start_report "teacher_seed$s" graphkd recommend distill "$SCRATCH/seed$s/citeulike-derrd.h5" --method student \
    --seed "$s" "${TEACHER[@]}" --student-max-epochs 1 --cache-teacher --threads 1
  if (((s + 1) % 2 == 0)); then wait_reports; fi
done
wait_reports
# The students, from the stored teachers.
for ((s = 0; s < SEEDS; s++)); do
  start_report "seed$s" graphkd recommend evaluate "$SCRATCH/seed$s/citeulike-derrd.h5" --first-seed "$s" --seeds 1 \
    --methods student,de-rrd-ir "${TEACHER[@]}" --student-max-epochs "$STUDENT_EPOCHS" "${SETTINGS[@]}" \
    --cache-teacher
  if (((s + 1) % 2 == 0)); then wait_reports; fi
done
wait_reports
finish "$SEEDS"
