#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and ThreadSanitizer (issue 4),
# each with its own scratch path (.build-asan, .build-tsan), and reports the result.
#
#   scripts/sanitizers.sh [address|thread]…      default: both
#
# The CLI tests run the unspin binary built with the same sanitizer, so its runs
# are checked too: a sanitizer report makes the process exit with an error, and
# the report is kept in .build-asan/reports or .build-tsan/reports (log_path).
# Extra arguments for `swift test` can be given in SWIFT_TEST_ARGS (e.g. --filter X).
# Exits non-zero when a run fails.
set -uo pipefail
cd "$(dirname "$0")/.."

sanitizers=("$@")
[[ ${#sanitizers[@]} -eq 0 ]] && sanitizers=(address thread)
overall=0
summary=()
for sanitizer in "${sanitizers[@]}"; do
    case $sanitizer in
        address) scratch=.build-asan ;;
        thread) scratch=.build-tsan ;;
        *) echo "sanitizers: unknown sanitizer '$sanitizer' (address or thread)" >&2; exit 2 ;;
    esac
    mkdir -p "$scratch/reports"
    rm -f "$scratch"/reports/*
    log=$scratch/test.log
    echo "sanitizers: swift test --sanitize=$sanitizer (scratch $scratch, log $log)" >&2
    start=$(date +%s)
    # halt_on_error: the first report fails the process (and so the test that ran it).
    ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:log_path=$PWD/$scratch/reports/asan" \
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:log_path=$PWD/$scratch/reports/tsan" \
        swift test --sanitize="$sanitizer" --scratch-path "$scratch" ${SWIFT_TEST_ARGS:-} >"$log" 2>&1
    status=$?
    elapsed=$(( $(date +%s) - start ))
    reports=$(find "$scratch/reports" -type f | wc -l)
    # swift-testing's last line (✔ passed, ✘ failed, ━ passed with known issues).
    result=$(grep -E '^(✔|✘|━) Test run with' "$log" | tail -1)
    line="$sanitizer: exit $status, ${elapsed}s, $reports sanitizer report(s); ${result:-no test summary (see $log)}"
    echo "sanitizers: $line" >&2
    summary+=("$line")
    if [[ $reports -gt 0 ]]; then
        for report in "$scratch"/reports/*; do
            echo "--- $report" >&2
            grep -m1 -A20 -E 'ERROR: AddressSanitizer|WARNING: ThreadSanitizer' "$report" >&2 || head -30 "$report" >&2
        done
    fi
    [[ $status -ne 0 || $reports -gt 0 ]] && overall=1
done
printf 'sanitizers: %s\n' "${summary[@]}"
exit $overall
