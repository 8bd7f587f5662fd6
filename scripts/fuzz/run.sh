#!/usr/bin/env bash
# Fuzzes one of GraphKD's readers with libFuzzer (issue #20, item 4).
#
#   scripts/fuzz/run.sh TARGET [SECONDS]     TARGET: npy npz hdf5-graph hdf5-model csv linqs ogb
#                                                    interactions users-dat json (or "all")
#
# Builds scripts/fuzz (every GraphKD module compiled with --sanitize=$SANITIZERS, default "fuzzer";
# SANITIZERS=fuzzer,address adds AddressSanitizer, whose shadow memory needs RSS_LIMIT_MB raised)
# into .build-fuzz, seeds the corpus .build-fuzz/corpus/TARGET with the real files in data/ and
# the Tests fixtures, and runs for SECONDS (default 60) with a 1 s timeout per input and a memory
# limit of max(256 MiB, 8 × the largest seed) for the process and for any single allocation.
# A crash, hang or over-allocation is written to .build-fuzz/findings/TARGET/ and stops the run;
# replay one with `GRAPHKD_FUZZ_TARGET=TARGET .build-fuzz/release/graphkd-fuzz FILE`, fix the
# reader, and keep the input as a regression test (Tests/GraphDataTests/Fixtures/fuzz/).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
TARGETS=(npy npz hdf5-graph hdf5-model csv linqs ogb interactions users-dat json)
TARGET="${1:?usage: scripts/fuzz/run.sh TARGET [SECONDS] (TARGET: ${TARGETS[*]} or all)}"
SECONDS_PER_TARGET="${2:-60}"
SANITIZERS="${SANITIZERS:-fuzzer}"
if [ "$TARGET" = all ]; then
  for t in "${TARGETS[@]}"; do "$0" "$t" "$SECONDS_PER_TARGET"; done
  exit 0
fi
[[ " ${TARGETS[*]} " == *" $TARGET "* ]] || { echo "$0: unknown target '$TARGET' (${TARGETS[*]})" >&2; exit 2; }

SANITIZE=()
for s in ${SANITIZERS//,/ }; do SANITIZE+=(--sanitize="$s"); done
swift build -c release --package-path scripts/fuzz --scratch-path .build-fuzz "${SANITIZE[@]}" >&2
BIN=.build-fuzz/release/graphkd-fuzz
CORPUS=.build-fuzz/corpus/$TARGET
FINDINGS=.build-fuzz/findings/$TARGET
mkdir -p "$CORPUS" "$FINDINGS"
python3 scripts/fuzz/seeds.py "$TARGET" "$CORPUS"

LARGEST=$(find "$CORPUS" -type f -printf '%s\n' | sort -n | tail -1)
LIMIT_MB=$(( (8 * ${LARGEST:-0} + 1048575) / 1048576 ))
[ "$LIMIT_MB" -lt 256 ] && LIMIT_MB=256
LIMIT_MB="${RSS_LIMIT_MB:-$LIMIT_MB}"
echo "== fuzz $TARGET: $SECONDS_PER_TARGET s, seeds $(ls "$CORPUS" | wc -l), memory limit $LIMIT_MB MiB, CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
GRAPHKD_FUZZ_TARGET="$TARGET" "$BIN" "$CORPUS" -max_total_time="$SECONDS_PER_TARGET" -timeout=1 \
  -rss_limit_mb="$LIMIT_MB" -malloc_limit_mb="$LIMIT_MB" -max_len="$(( ${LARGEST:-4096} > 4096 ? ${LARGEST:-4096} : 4096 ))" \
  -artifact_prefix="$FINDINGS/" -print_final_stats=1
