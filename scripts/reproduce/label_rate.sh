#!/usr/bin/env bash
# The label-rate sweep on Cora: K = 1, 2, 3, 5, 10, 20 labelled nodes per class (and the public
# split), plain GCN against the standard self-distilled GCN teacher on identical splits and
# seeds. Full: 10 seeds; --quick: 2. Writes notebooks-export/label_rate/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start label_rate "$@"
SEEDS=10; [ "$MODE" = quick ] && SEEDS=2

run_report sweep graphkd evaluate data/cora.h5 --labels-per-class 1,2,3,5,10,20 --include-public \
  --seeds "$SEEDS" --variants plain,standard
finish "$SEEDS"
