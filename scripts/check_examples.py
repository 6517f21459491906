#!/usr/bin/env python3
"""Run every `+`/`-` example of a dictionary through the built binary (quick check while editing;
the test suite runs the same examples in-process). Usage: check_examples.py BINARY DICT"""
import re, subprocess, sys

binary, path = sys.argv[1], sys.argv[2]
name = re.search(r"^@name\s+(\S+)", open(path, encoding="utf-8").read(), re.M).group(1)
bad = 0
for n, line in enumerate(open(path, encoding="utf-8"), 1):
    m = re.match(r"^\s+([+-]) (.*)$", line.rstrip("\n"))
    if not m:
        continue
    if m.group(1) == "+":
        src, want = m.group(2).split(" => ", 1)
    else:
        src = want = m.group(2)
    # Only this dictionary: exclude every built-in, load the file as a user dictionary.
    out = subprocess.run([binary, "fix", "--dictionary", path, "--exclude", "news-spinner", "--exclude", "tortured-phrases", "--exclude", "context"],
                         input=src.encode(), capture_output=True).stdout.decode()
    if out != want:
        bad += 1
        print(f"{path}:{n}: {src!r}\n   want {want!r}\n   got  {out!r}")
print(f"{bad} failing examples in {name}")
