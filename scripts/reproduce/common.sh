# Shared by the scripts/reproduce/<name>.sh scripts (sourced, not run).
#
# Each script: parses --quick / --out-root DIR, builds the release CLI if needed, runs its
# graphkd commands with `run_report NAME graphkd ARGS...` (each writes its JSON report), then
# `finish` collects the reports into notebooks-export/<name>/results.json and renders the
# notebook with scripts/reproduce/<name>.py.
#
# Environment: GRAPHKD_BIN (a graphkd binary to use instead of building one), PYTHON (python3),
# GRAPHKD_REPRODUCE_CACHE (a directory: `run_report` keeps each report there and, when the same
# command line with the same binary already produced one, reuses it instead of running it again,
# so a long script that was stopped resumes where it was).

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REPRODUCE="$REPO_ROOT/scripts/reproduce"
PYTHON="${PYTHON:-python3}"
MODE=full
SEEDS_ARG=""
OUT_ROOT="$REPO_ROOT/notebooks-export"

parse_arguments() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --quick) MODE=quick ;;
      --out-root) OUT_ROOT="$(mkdir -p "$2" && cd "$2" && pwd)"; shift ;;
      --seeds)
        [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || { echo "$0: --seeds expects a positive number, got '${2:-}'" >&2; exit 2; }
        SEEDS_ARG="$2"; shift ;;
      -h|--help)
        echo "usage: $0 [--quick] [--seeds N] [--out-root DIR]   (default DIR: notebooks-export; N: the mode's)"
        exit 0 ;;
      *) echo "$0: unknown argument '$1' (expected --quick, --seeds N or --out-root DIR)" >&2; exit 2 ;;
    esac
    shift
  done
}

# seeds_or DEFAULT: the --seeds given on the command line, else DEFAULT (the mode's).
seeds_or() { echo "${SEEDS_ARG:-$1}"; }

# Whether the sources the CLI is built from differ from the recorded commit.
source_state() {
  local changed
  changed="$(git -C "$REPO_ROOT" status --porcelain -- Sources Package.swift 2>/dev/null | wc -l)"
  if [ "$changed" -eq 0 ]; then echo clean; else echo "modified ($changed files under Sources/ or Package.swift)"; fi
}

# The graphkd binary: $GRAPHKD_BIN, else the release build in .build-nb (built or brought up to date).
graphkd_binary() {
  if [ -n "${GRAPHKD_BIN:-}" ]; then
    GRAPHKD="$GRAPHKD_BIN"
  else
    (cd "$REPO_ROOT" && swift build -c release --scratch-path .build-nb --product graphkd >&2)
    GRAPHKD="$REPO_ROOT/.build-nb/release/graphkd"
  fi
  [ -x "$GRAPHKD" ] || { echo "$0: no graphkd binary at $GRAPHKD" >&2; exit 1; }
}

# start NAME: prepares notebooks-export/NAME and a scratch directory for its reports.
start() {
  NAME="$1"
  parse_arguments "${@:2}"
  OUT_DIR="$OUT_ROOT/$NAME"
  mkdir -p "$OUT_DIR"
  SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/graphkd-reproduce-$NAME.XXXXXX")"
  trap 'rm -rf "$SCRATCH"' EXIT
  : > "$SCRATCH/commands.tsv"
  graphkd_binary
  cd "$REPO_ROOT"
  echo "== $NAME ($MODE mode) -> $OUT_DIR"
}

# record_command NAME REPORT OUT CALLER graphkd ARGS...: checks that the command is a graphkd one
# and records NAME, where its report lands and the command line as typed (with `graphkd`, paths
# relative to the repository root, `--out OUT`) in commands.tsv.
record_command() {
  local name="$1" report="$2" out="$3" caller="$4"; shift 4
  [ "${1:-}" = graphkd ] || { echo "$caller: expected 'graphkd ...'" >&2; exit 2; }
  local argv_json
  argv_json="$("$PYTHON" -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@" --out "$out")"
  printf '%s\t%s\t%s\n' "$name" "$report" "$argv_json" >> "$SCRATCH/commands.tsv"
}

# run_report NAME graphkd ARGS...: runs the command with --out <scratch>/NAME.json and records it.
run_report() {
  local name="$1"; shift
  local report="$SCRATCH/$name.json"
  record_command "$name" "$report" "$name.json" run_report "$@"
  shift
  echo "-- $name: graphkd $*"
  local t0=$SECONDS key=""
  if [ -n "${GRAPHKD_REPRODUCE_CACHE:-}" ]; then
    mkdir -p "$GRAPHKD_REPRODUCE_CACHE"
    key="$GRAPHKD_REPRODUCE_CACHE/$name.key"
    local want
    want="$( (sha256sum "$GRAPHKD" | cut -d' ' -f1; printf '%s\n' "$@") | sha256sum | cut -d' ' -f1)"
    if [ -f "$key" ] && [ "$(cat "$key")" = "$want" ] && [ -f "$GRAPHKD_REPRODUCE_CACHE/$name.json" ]; then
      cp "$GRAPHKD_REPRODUCE_CACHE/$name.json" "$report"
      echo "   (reused from $GRAPHKD_REPRODUCE_CACHE: same binary, same command)"
      return
    fi
    rm -f "$key"
  fi
  "$GRAPHKD" "$@" --out "$report" > "$SCRATCH/$name.log"
  tail -n 12 "$SCRATCH/$name.log"
  echo "   ($((SECONDS - t0)) s)"
  if [ -n "$key" ]; then
    cp "$report" "$GRAPHKD_REPRODUCE_CACHE/$name.json"
    echo "$want" > "$key"
  fi
}

# start_report NAME graphkd ARGS...: like run_report, but in the background (the command line is
# recorded now, so the results keep the order of the calls); `wait_reports` waits for all of them.
# For independent single-threaded commands (`--threads 1`) on a multi-core machine.
BACKGROUND=()
start_report() {
  local name="$1"; shift
  local report="$SCRATCH/$name.json"
  record_command "$name" "$report" "$name.json" start_report "$@"
  shift
  echo "-- $name (background): graphkd $*"
  ( local t0=$SECONDS
    "$GRAPHKD" "$@" --out "$report" > "$SCRATCH/$name.log"
    echo "   ($((SECONDS - t0)) s)" >> "$SCRATCH/$name.log" ) &
  BACKGROUND+=("$name:$!")
}

# wait_reports: waits for every start_report command, prints the end of each log, and stops the
# script if any failed.
wait_reports() {
  local entry failed=()
  for entry in "${BACKGROUND[@]}"; do
    if ! wait "${entry##*:}"; then failed+=("${entry%%:*}"); fi
    echo "-- ${entry%%:*}:"
    tail -n 12 "$SCRATCH/${entry%%:*}.log"
  done
  BACKGROUND=()
  if [ ${#failed[@]} -gt 0 ]; then
    echo "$0: failed: ${failed[*]}" >&2
    exit 1
  fi
}

# run_pipeline NAME graphkd run ARGS...: `graphkd run` writes DIR/report.json for --out DIR; runs it
# with --out <scratch>/NAME and records the command line (with `--out NAME`) and that report.
run_pipeline() {
  local name="$1"; shift
  record_command "$name" "$SCRATCH/$name/report.json" "$name" run_pipeline "$@"
  shift
  echo "-- $name: graphkd $*"
  local t0=$SECONDS
  "$GRAPHKD" "$@" --out "$SCRATCH/$name" > "$SCRATCH/$name.log"
  tail -n 12 "$SCRATCH/$name.log"
  echo "   ($((SECONDS - t0)) s)"
}

# run_step NAME graphkd ARGS...: runs a command that writes no report (converting or generating a
# graph) and records its command line, so the notebook lists how every input was made.
run_step() {
  local name="$1"; shift
  [ "${1:-}" = graphkd ] || { echo "run_step: expected 'graphkd ...'" >&2; exit 2; }
  local argv_json
  argv_json="$("$PYTHON" -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@")"
  printf '%s\t-\t%s\n' "$name" "$argv_json" >> "$SCRATCH/commands.tsv"
  shift
  "$GRAPHKD" "$@" > "$SCRATCH/$name.log" 2>&1 || { cat "$SCRATCH/$name.log" >&2; exit 1; }
  tail -n 1 "$SCRATCH/$name.log"
}

# start_pipeline NAME graphkd run ARGS...: like run_pipeline, in the background, with at most
# $JOBS (default 2) commands running at once; `wait_pipelines` waits for all of them and stops
# the script if any failed.
JOBS="${JOBS:-2}"
PIPELINES=()
start_pipeline() {
  local name="$1"; shift
  record_command "$name" "$SCRATCH/$name/report.json" "$name" start_pipeline "$@"
  shift
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
  echo "-- $name: graphkd $*"
  ( local t0=$SECONDS
    if "$GRAPHKD" "$@" --out "$SCRATCH/$name" > "$SCRATCH/$name.log" 2>&1; then
      echo "   ($((SECONDS - t0)) s)" >> "$SCRATCH/$name.log"
    else
      echo "failed" > "$SCRATCH/$name.failed"
    fi ) &
  PIPELINES+=("$name")
}

wait_pipelines() {
  wait
  local name failed=()
  for name in "${PIPELINES[@]}"; do
    if [ -e "$SCRATCH/$name.failed" ]; then failed+=("$name"); tail -n 5 "$SCRATCH/$name.log" >&2; fi
  done
  PIPELINES=()
  if [ ${#failed[@]} -gt 0 ]; then
    echo "$0: failed: ${failed[*]}" >&2
    exit 1
  fi
}

# work_copy NAME: a fresh copy of data/cora.h5 at runs/reproduce/NAME/cora.h5 (git-ignored, inside
# the repository so that every report records the commit), printed relative to the repository.
work_copy() {
  local dir="runs/reproduce/$1"
  rm -rf "$REPO_ROOT/$dir"
  mkdir -p "$REPO_ROOT/$dir"
  cp "$REPO_ROOT/data/cora.h5" "$REPO_ROOT/$dir/cora.h5"
  echo "$dir/cora.h5"
}

# finish SEEDS: results.json, then the notebook.
finish() {
  local seeds="$1"
  if [ -z "${GRAPHKD_SOURCE_STATE:-}" ]; then
    if [ -n "${GRAPHKD_BIN:-}" ]; then
      export GRAPHKD_SOURCE_STATE="binary given by GRAPHKD_BIN"
    else
      export GRAPHKD_SOURCE_STATE="$(source_state)"
    fi
  fi
  "$PYTHON" "$REPRODUCE/notebook.py" collect "$NAME" "$MODE" "$seeds" "$SCRATCH/commands.tsv" "$OUT_DIR/results.json"
  "$PYTHON" "$REPRODUCE/$NAME.py" "$OUT_DIR"
  local written
  written="$(basename "$OUT_DIR")"
  echo "wrote $OUT_DIR/$written.ipynb, $OUT_DIR/$written.md, $OUT_DIR/results.json"
}
