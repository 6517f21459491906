#!/usr/bin/env bash
# Remakes Sources/CUnspinData/builtins.snapshot: the built-in dictionaries
# (dictionaries/*.dict) parsed and compiled, embedded in the binary so that
# start-up does not parse and compile them (Sources/UnspinKit/Dictionary/BuiltinSnapshot.swift).
# Run it after editing a built-in dictionary or the code that parses or compiles
# dictionaries: BuiltinSnapshotTests fail until then (and a snapshot made from
# other dictionary files is not used, so the text is parsed instead).
#
#   scripts/build_snapshot.sh [swift test options, e.g. --scratch-path DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=Sources/CUnspinData/builtins.snapshot
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
if ! UNSPIN_WRITE_SNAPSHOT="$ROOT/$OUT" swift test --filter 'BuiltinSnapshotTests.snapshotIsCurrent' "$@" >"$LOG" 2>&1; then
  cat "$LOG" >&2
  echo "build_snapshot.sh: failed" >&2
  exit 1
fi
echo "wrote $OUT ($(wc -c < "$OUT") bytes); rebuild to embed it" >&2
