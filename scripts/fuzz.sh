#!/usr/bin/env bash
# Builds the libFuzzer target in Fuzz/ (the UnspinKit sources + Fuzz/UnspinFuzz.swift
# in one module, whole-module optimised, with -sanitize=fuzzer and, by default,
# address; the C targets Sources/C*/ with clang) and runs it.
#
#   scripts/fuzz.sh [MINUTES] [libFuzzer options…]     default 5 minutes
#
# Environment: FUZZ_BUILD=asan (default: AddressSanitizer, .build-fuzz/unspin-fuzz)
# or FUZZ_BUILD=fast (no AddressSanitizer, about three times the executions per
# second, .build-fuzz/unspin-fuzz-fast); both share the corpus.
# FUZZ_JOBS=N runs N parallel workers (default 1); FUZZ_NO_BUILD=1 skips rebuilding;
# UNSPIN_FUZZ_IDEMPOTENT=1 also fails on inputs whose fixed text changes when
# fixed again. The corpus grows in .build-fuzz/corpus (seeds: Fuzz/corpus);
# crashes are written to .build-fuzz/artifacts/ and the input is minimised.
# Prints executions, executions per second and crashes, appends them to
# .build-fuzz/history.tsv; exits 1 on a crash.
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=${1:-5}
[[ $# -gt 0 ]] && shift
OUT=.build-fuzz
BUILD=${FUZZ_BUILD:-asan}
JOBS=${FUZZ_JOBS:-1}
case $BUILD in
    # -O1 for C under ASan as clang's documentation recommends; Swift is -O -wmo in both
    # (without -wmo every file is optimised alone: generics stay unspecialised across
    # files, and the engine runs at half speed).
    asan) BIN=$OUT/unspin-fuzz; OBJ=$OUT; SANITIZE=fuzzer,address; CFLAGS=(-O1 -g -std=c23 -fsanitize=fuzzer-no-link,address) ;;
    fast) BIN=$OUT/unspin-fuzz-fast; OBJ=$OUT/fast; SANITIZE=fuzzer; CFLAGS=(-O2 -g -std=c23 -fsanitize=fuzzer-no-link) ;;
    *) echo "fuzz: FUZZ_BUILD must be asan or fast" >&2; exit 2 ;;
esac
mkdir -p "$OUT/corpus" "$OUT/artifacts" "$OBJ"

sources=$(find Sources/UnspinKit -name '*.swift' | sort)
# The C targets: every Sources/C* directory with an include/ folder (CICU, CUnspinData, …).
c_targets=$(for d in Sources/C*; do [[ -d $d/include ]] && basename "$d"; done)
inputs="$sources Fuzz/UnspinFuzz.swift $(find $(printf 'Sources/%s ' $c_targets) -name '*.[ch]') $(ls dictionaries/*.dict)"
needs_build=0
[[ -x $BIN ]] || needs_build=1
for f in $inputs; do [[ $f -nt $BIN ]] && needs_build=1; done
# FUZZ_NO_BUILD=1: run the binary as it is, even if the sources changed since.
[[ ${FUZZ_NO_BUILD:-0} == 1 && -x $BIN ]] && needs_build=0

if [[ $needs_build == 1 ]]; then
    echo "fuzz: building $BIN ($BUILD; C targets: $(echo $c_targets))" >&2
    objects=()
    includes=()
    for target in $c_targets; do
        mkdir -p "$OUT/modules/$target"
        {
            echo "module $target {"
            for header in Sources/"$target"/include/*.h; do echo "    header \"$PWD/$header\""; done
            echo "    export *"
            echo "}"
        } >"$OUT/modules/$target/module.modulemap"
        includes+=("$OUT/modules/$target")
        for c in Sources/"$target"/*.c; do
            [[ -f $c ]] || continue
            object=$OBJ/$target-$(basename "$c" .c).o
            clang "${CFLAGS[@]}" -I "Sources/$target/include" -c "$c" -o "$object"
            objects+=("$object")
        done
    done
    # From inside $OBJ, with absolute paths: -wmo -g leaves module files in the working directory.
    root=$PWD
    # shellcheck disable=SC2086
    (cd "$OBJ" && swiftc -O -wmo -g -sanitize="$SANITIZE" -parse-as-library -module-name UnspinKit \
        $(printf -- "-I $root/%s " "${includes[@]}") \
        $(printf "$root/%s " $sources Fuzz/UnspinFuzz.swift "${objects[@]}") \
        -use-ld=lld -licui18n -licuuc -licudata -o "$root/$BIN")
fi

LOG=$OUT/fuzz.log
SECONDS_TOTAL=$((MINUTES * 60))
echo "fuzz: running $BUILD for $MINUTES minute(s), $JOBS worker(s); log in $LOG" >&2
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1}
args=(-max_len=4096 -max_total_time="$SECONDS_TOTAL" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
      -dict=Fuzz/tokens.dict -artifact_prefix="$OUT/artifacts/" "$@")
status=0
touch "$OUT/run-start"
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
if [[ $JOBS -gt 1 ]]; then
    "$BIN" "${args[@]}" -fork="$JOBS" -ignore_crashes=1 "$OUT/corpus" Fuzz/corpus >"$LOG" 2>&1 || status=$?
else
    # -reload=0: a single worker has nobody else's corpus additions to pick up, and
    # re-listing thousands of corpus files every second costs several per cent.
    "$BIN" "${args[@]}" -reload=0 "$OUT/corpus" Fuzz/corpus >"$LOG" 2>&1 || status=$?
fi

# Summary: executions and rate from libFuzzer's final stats (per worker in fork mode: summed).
execs=$( (grep -o 'stat::number_of_executed_units: [0-9]*' "$LOG" || true) | awk '{s += $2} END {print s + 0}')
rate=$( (grep -o 'stat::average_exec_per_sec: *[0-9]*' "$LOG" || true) | awk '{s += $2} END {print s + 0}')
if [[ $execs == 0 ]]; then
    # fork mode prints progress lines "#N ... exec/s: R" instead.
    execs=$( (grep -o '^#[0-9]*' "$LOG" || true) | tail -1 | tr -d '#')
    execs=${execs:-0}
    rate=$( (grep -o 'exec/s: [0-9]*' "$LOG" || true) | tail -1 | awk '{print $2}')
    rate=${rate:-0}
fi
crashes=$(find "$OUT/artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) -newer "$OUT/run-start" | sort)
count=$(printf '%s' "$crashes" | grep -c . || true)
corpus=$(find "$OUT/corpus" -type f | wc -l)
echo "fuzz: $execs executions, $rate exec/s, corpus $corpus, crashes $count (libFuzzer exit $status)"
[[ -f $OUT/history.tsv ]] || printf 'started\tbuild\tminutes\texecutions\texec_per_s\tcrashes\texit\n' >"$OUT/history.tsv"
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$started" "$BUILD" "$MINUTES" "$execs" "$rate" "$count" "$status" >>"$OUT/history.tsv"

if [[ $count -gt 0 || ( $status -ne 0 && $JOBS -le 1 ) ]]; then
    grep -m1 -A12 -E 'invariant violated|ERROR: AddressSanitizer|Fatal error|deadly signal' "$LOG" >&2 || tail -30 "$LOG" >&2
    for crash in $crashes; do
        minimised="$crash.min"
        "$BIN" -minimize_crash=1 -max_total_time=60 -exact_artifact_path="$minimised" "$crash" >/dev/null 2>&1 || true
        [[ -f $minimised ]] || minimised=$crash
        echo "fuzz: crash $crash; minimised ($(wc -c <"$minimised") bytes): $minimised" >&2
        od -c "$minimised" | head -20 >&2
    done
    exit 1
fi
