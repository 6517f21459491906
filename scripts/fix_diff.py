#!/usr/bin/env python3
"""What changes between two builds' fixes of the same text: each edit one makes and the other does not.

A dictionary or rule change is weighed on both sides: on clean text every edit it adds is false
(scripts/technical_edits.py, scripts/clean_corpus_edits.py), and on spun text every right fix it
drops is lost recall. This runs `unspin fix --no-config` of both binaries over each FILE (the bench's
`spun.txt` and `heldapart-spun.txt`, or any text) and prints, per file, the edits only the old build
makes and those only the new one makes, each with its context. The two outputs are aligned word by
word within each line (`unspin fix` never adds or removes a line break). Exit status 1 when any
place differs, 0 when none does.

Usage: scripts/fix_diff.py OLD_BINARY NEW_BINARY FILE... [--extra-args=ARGS] [--context N]
  e.g. head -c 5000000 .build-bench-data/spun.txt > /tmp/s5.txt
       scripts/fix_diff.py /tmp/unspin-before .build/release/unspin /tmp/s5.txt
"""
import argparse, difflib, shlex, subprocess, sys


def fix(binary, path, extra):
    with open(path, "rb") as f:
        run = subprocess.run([binary, "fix", "--no-config", *extra], stdin=f, capture_output=True)
    if run.returncode != 0:
        sys.exit(f"fix_diff.py: {binary} fix < {path} exited {run.returncode}: {run.stderr.decode(errors='replace')}")
    return run.stdout.decode("utf-8", errors="replace")


def changed_words(old_line, new_line, context):
    """(old words, new words, context before, context after) of each place two lines differ."""
    a, b = old_line.split(), new_line.split()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "equal":
            yield " ".join(a[i1:i2]), " ".join(b[j1:j2]), " ".join(a[max(0, i1 - context):i1]), " ".join(a[i2:i2 + context])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--extra-args", default="", help='shell-quoted; e.g. --extra-args="--exclude context"')
    ap.add_argument("--context", type=int, default=5, help="words shown on each side (default 5)")
    a = ap.parse_args()
    extra = shlex.split(a.extra_args)
    differing = 0
    for path in a.files:
        old_lines = fix(a.old, path, extra).split("\n")
        new_lines = fix(a.new, path, extra).split("\n")
        if len(old_lines) != len(new_lines):
            sys.exit(f"fix_diff.py: {path}: the two outputs have {len(old_lines)} and {len(new_lines)} lines")
        changes = [(n, c) for n, (x, y) in enumerate(zip(old_lines, new_lines), 1) if x != y
                   for c in changed_words(x, y, a.context)]
        differing += len(changes)
        print(f"{path}: {len(changes)} places fixed differently")
        for n, (old, new, before, after) in changes:
            print(f"  {path}:{n}: ...{before} [old: {old or '(nothing)'} | new: {new or '(nothing)'}] {after}...")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
