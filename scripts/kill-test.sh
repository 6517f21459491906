#!/usr/bin/env bash
# Crash-consistency test for `unspin rewrite` (issue 4).
#
#   scripts/kill-test.sh [N]        N kill rounds, default 50
#
# Builds the release binary, generates a tree of 300 files (sizes from 100 bytes
# to ~2 MB: spun news text, CRLF, UTF-16, binary, invalid UTF-8 and clean files),
# computes each file's corrected content once with `unspin fix`, then N times:
# copies the tree, starts `unspin rewrite` on the copy, kills it with SIGKILL
# after a random 0-300 ms, and checks that every file is exactly its old or its
# new content. After each kill one complete `unspin rewrite` must leave every
# file new and no `.unspin-` temporary file behind.
#
# Environment: KILL_TEST_DIR (default: a new directory under ${TMPDIR:-/tmp}),
# KILL_TEST_FILES (default 300), KILL_TEST_SEED (default 4), KILL_TEST_MAX_MS (the
# longest delay before the kill, default 300), UNSPIN (a binary to use instead of
# building one). Prints a summary line; exits 1 on any violation.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-50}
FILES=${KILL_TEST_FILES:-300}
SEED=${KILL_TEST_SEED:-4}
MAX_MS=${KILL_TEST_MAX_MS:-300}
if [[ -z ${UNSPIN:-} ]]; then
    swift build -c release --scratch-path .build-robust-release --product unspin >&2
    UNSPIN=$PWD/.build-robust-release/release/unspin
fi
WORK=${KILL_TEST_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/unspin-kill-test.XXXXXX")}
mkdir -p "$WORK"
[[ -z ${KILL_TEST_DIR:-} ]] && trap 'rm -rf "$WORK"' EXIT

echo "kill-test: generating $FILES files in $WORK/orig" >&2
rm -rf "$WORK/orig" "$WORK/new" "$WORK/copy"
python3 - "$WORK" "$FILES" "$SEED" examples/spun-news.txt <<'PY'
import math, os, random, sys
work, count, seed, example = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = random.Random(seed)
spun = [line for line in open(example, encoding="utf-8").read().split("\n") if line.strip()]
filler = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
          "incididunt ut labore et dolore magna aliqua café naïve 日本語").split()
def paragraph(clean):
    if not clean and rng.random() < 0.5:
        return rng.choice(spun)
    return " ".join(rng.choice(filler) for _ in range(rng.randint(10, 120))) + "."
with open(os.path.join(work, "manifest"), "w") as manifest:
    for i in range(count):
        size = int(math.exp(rng.uniform(math.log(100), math.log(2_000_000))))
        kind = rng.choices(["text", "crlf", "clean", "utf16", "binary", "invalid"], [70, 10, 10, 4, 3, 3])[0]
        parts, n = [], 0
        while n < size:
            p = paragraph(kind == "clean")
            parts.append(p)
            n += len(p) + 2
        newline = "\r\n" if kind == "crlf" else "\n"
        text = (newline * 2).join(parts) + newline
        if kind == "utf16":
            data = b"\xff\xfe" + text[:200_000].encode("utf-16-le")
        elif kind == "binary":
            data = b"\x00\x01BIN" + text.encode()
        elif kind == "invalid":
            raw = text.encode()
            data = raw[: len(raw) // 2] + b" \xff\xfe " + raw[len(raw) // 2 :]
        else:
            data = text.encode()
        relative = f"d{i % 7}/s{i % 3}/f{i:03}.txt"
        path = os.path.join(work, "orig", relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        manifest.write(f"{kind} {relative}\n")
PY

echo "kill-test: computing the expected new contents with unspin fix" >&2
while read -r kind f; do
    mkdir -p "$WORK/new/$(dirname "$f")"
    if [[ $kind == invalid ]]; then
        # rewrite skips files that are not valid UTF-8: their new content is the old one.
        cp "$WORK/orig/$f" "$WORK/new/$f"
    elif ! "$UNSPIN" fix "$WORK/orig/$f" >"$WORK/new/$f" 2>/dev/null; then
        echo "kill-test: unspin fix failed on $f" >&2
        exit 1
    fi
done <"$WORK/manifest"

# Digests of the old and new content of each file, computed once.
python3 - "$WORK" <<'PY'
import hashlib, json, os, sys
work = sys.argv[1]
def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()
table = {}
for line in open(os.path.join(work, "manifest")):
    f = line.split()[1]
    table[f] = [digest(os.path.join(work, "orig", f)), digest(os.path.join(work, "new", f))]
json.dump(table, open(os.path.join(work, "digests.json"), "w"))
changed = sum(1 for o, n in table.values() if o != n)
size = sum(os.path.getsize(os.path.join(work, "orig", f)) for f in table)
print(f"kill-test: {len(table)} files, {size / 1048576:.1f} MiB, {changed} to be changed", file=sys.stderr)
print(changed, file=open(os.path.join(work, "changed"), "w"))
PY
CHANGED=$(cat "$WORK/changed")

# Checks the copy: prints "NEW OLD LITTER" (files to be changed that are new / still
# old, temporary files); exits 1 if a file is neither its old nor its new content.
check() {
    python3 - "$WORK" <<'PY'
import hashlib, json, os, sys
work = sys.argv[1]
copy = os.path.join(work, "copy")
table = json.load(open(os.path.join(work, "digests.json")))
bad, new, old = [], 0, 0
for f, (o, n) in table.items():
    path = os.path.join(copy, f)
    try:
        with open(path, "rb") as handle:
            d = hashlib.sha256(handle.read()).hexdigest()
    except OSError as error:
        bad.append(f"{f}: {error}")
        continue
    if d == n:
        new += o != n  # counts only files that change
    elif d == o:
        old += 1
    else:
        bad.append(f"{f}: neither old nor new ({os.path.getsize(path)} bytes)")
litter = [os.path.join(d, x) for d, _, names in os.walk(copy) for x in names if ".unspin-" in x]
print(new, old, len(litter))
for b in bad[:10]:
    print("kill-test: VIOLATION", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

violations=0 killed=0 litter_total=0 new_total=0
for round in $(seq 1 "$ROUNDS"); do
    rm -rf "$WORK/copy"
    cp -a "$WORK/orig" "$WORK/copy"
    delay=$(awk -v r="$RANDOM$RANDOM" -v max="$MAX_MS" 'BEGIN { printf "%.3f", (r % (max + 1)) / 1000 }')
    "$UNSPIN" rewrite "$WORK/copy" 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
    wait "$pid" 2>/dev/null || true
    result=$(check) || violations=$((violations + 1))
    read -r new old litter <<<"$result"
    new_total=$((new_total + new))
    litter_total=$((litter_total + litter))
    # One complete run: every file new, no temporary file left.
    if ! "$UNSPIN" rewrite "$WORK/copy" 2>/dev/null; then
        echo "kill-test: round $round: the complete run failed" >&2
        violations=$((violations + 1))
    fi
    after=$(check) || violations=$((violations + 1))
    read -r new2 old2 litter2 <<<"$after"
    if [[ $old2 -ne 0 || $litter2 -ne 0 ]]; then
        echo "kill-test: round $round: after a complete run $old2 files still old, $litter2 temporary files left" >&2
        violations=$((violations + 1))
    fi
    echo "kill-test: round $round: killed after ${delay}s: $new new, $old old, $litter temporary; complete run: $new2 new, $old2 old, $litter2 left" >&2
done

echo "kill-test: $ROUNDS rounds ($killed killed mid-run) of $FILES files ($CHANGED to change); at the kill on average $((new_total / ROUNDS)) already new, the rest old; $litter_total temporary files left by killed runs, all removed by the next run; $violations violations"
[[ $violations -eq 0 ]]
