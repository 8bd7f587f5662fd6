#!/usr/bin/env bash
# The self-distillation ablation on Cora (GCN backbone): each part of the teacher alone, all
# parts, and the standard teacher (mean teacher + generations), at K = 2, 5, 20 labels per
# class. Full: 10 seeds; --quick: 2. Writes notebooks-export/selfkd_ablation/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start selfkd_ablation "$@"
SEEDS=10; [ "$MODE" = quick ] && SEEDS=2; SEEDS=$(seeds_or "$SEEDS")

run_report ablation graphkd evaluate data/cora.h5 --labels-per-class 2,5,20 --seeds "$SEEDS" \
  --variants plain,mean-teacher,progressive,generations,layer-wise,all,standard
finish "$SEEDS"
