#!/usr/bin/env bash
# Long fuzzing sessions on one core: alternates rounds of the fast build (no
# AddressSanitizer) and the ASan build of the fuzz target, sharing one corpus,
# until MINUTES have passed, .build-fuzz/stop exists, or a round finds a crash.
#
#   scripts/fuzz-rounds.sh MINUTES [FAST_MINUTES [ASAN_MINUTES]]   rounds of 15 + 5 minutes by default
#   nice -n 19 scripts/fuzz-rounds.sh 120 &                          in the background
#   touch .build-fuzz/stop                                           ends it after the current round
#
# Both binaries are built (if stale) once at the start; later rounds do not
# rebuild, so editing the sources meanwhile does not change what is fuzzed.
# Every round appends a line to .build-fuzz/history.tsv; the totals are printed
# at the end. Exits 1 when a round found a crash (see scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

TOTAL=${1:?usage: scripts/fuzz-rounds.sh MINUTES [FAST_MINUTES [ASAN_MINUTES]]}
FAST=${2:-15}
ASAN=${3:-5}
OUT=.build-fuzz
mkdir -p "$OUT"
rm -f "$OUT/stop"
deadline=$(($(date +%s) + TOTAL * 60))
first_line=$( [[ -f $OUT/history.tsv ]] && wc -l <"$OUT/history.tsv" || echo 1)

for build in fast asan; do
    FUZZ_BUILD=$build scripts/fuzz.sh 0 -runs=0 >/dev/null
done

# Rounds run a copy of fuzz.sh: bash reads a script as it runs, and editing
# scripts/fuzz.sh meanwhile would break the round in progress.
cp scripts/fuzz.sh "$OUT/fuzz-rounds-run.sh"
status=0
while [[ ! -f $OUT/stop ]]; do
    for round in "fast $FAST" "asan $ASAN"; do
        set -- $round
        left=$(( (deadline - $(date +%s)) / 60 ))
        [[ $left -ge 1 && ! -f $OUT/stop ]] || break 2
        minutes=$(( $2 < left ? $2 : left ))
        FUZZ_BUILD=$1 FUZZ_NO_BUILD=1 bash "$OUT/fuzz-rounds-run.sh" "$minutes" || { status=$?; break 2; }
    done
done

tail -n +"$((first_line + 1))" "$OUT/history.tsv" | awk -F '\t' '
    { execs[$2] += $4; secs[$2] += $3 * 60; crashes += $6; total += $4 }
    END {
        for (b in execs) printf "fuzz-rounds: %s: %d executions in %d min (%d exec/s)\n", b, execs[b], secs[b] / 60, secs[b] ? execs[b] / secs[b] : 0
        printf "fuzz-rounds: total %d executions, %d crashes\n", total, crashes
    }'
exit $status
