#!/usr/bin/env bash
# Layer-wise self-distillation on a deep backbone, and early exit (issue #19, item 5): a 16-layer
# GCNII (Chen et al., ICML 2020; 64 units, α 0.1, λ 0.5) trained plainly and with layer-wise
# self-distillation (a classifier head on every hidden layer learning the labels, the deepest
# classifier's softened output and its hidden representation); the layer-wise teacher then answers
# each node from the first head confident enough, the threshold fitted on the validation nodes to
# lose at most half a point of validation accuracy (`--early-exit 0.005`). Cora public split and
# K = 5 labels per class; accuracy and MACs per node with and without early exit.
# Full: 10 seeds; --quick: 2. Writes notebooks-export/layerwise_exit/.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
start layerwise_exit "$@"
SEEDS=10; [ "$MODE" = quick ] && SEEDS=2; SEEDS=$(seeds_or "$SEEDS")
run_report gcnii16 graphkd evaluate data/cora.h5 --model gcnii --steps 16 --variants plain,layer-wise \
  --include-public --labels-per-class 5 --seeds "$SEEDS" --early-exit 0.005
finish "$SEEDS"
