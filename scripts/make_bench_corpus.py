#!/usr/bin/env python3
"""Build the fixed benchmark corpus for scripts/bench.sh and Benchmarks/ (issue 6).

Writes into .build-bench-data/ (git-ignored by the `.build-*` pattern):

  prose.txt   ~50 MB of clean English prose: blocks of paragraphs taken with a fixed stride
              from the redistributable sources of ../shared/corpus (UNGDC, Europarl, White House
              statements and transcripts), interleaved, one paragraph per line, blank line between.
  spun.txt    prose.txt passed through a simulated article spinner: the inverse of
              dictionaries/news-spinner.dict (ORIGINAL -> SPUN) applied to about 1 in 8 eligible
              occurrences, with a fixed seed. Same paragraphs, same order.
  tree/       spun.txt cut at paragraph boundaries into 10,000 files (~5 KB each) in
              100 directories, for `unspin rewrite`.
  heldapart.txt       ~20 MB of clean prose the context model never learnt from: the held-apart
              lines of the shippable sources (scripts/corpus_split.py) and the research-only
              Reuters and Hansard files, which the model's counts never read. prose.txt is drawn
              from the same files as the counts, so its trigrams are memorised and fewer of its
              words look odd to the context rule than in a user's text.
  heldapart-spun.txt  heldapart.txt through the same simulated spinner as spun.txt.
  MANIFEST    sizes, sha256 of every output and of the inputs, and the build time.

Everything is deterministic: the same corpus files and the same dictionary give byte-identical
output (the MANIFEST hashes let you check). Only the standard library is used (lzma through scripts/corpus_split.py, re, random).

Usage: scripts/make_bench_corpus.py [--out DIR] [--corpus DIR] [--dictionary FILE] [--force]
"""
import argparse
import hashlib
import os
import random
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_split  # noqa: E402
import spinner_entries  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (file, byte quota, stride, run, join): take `run` consecutive lines out of every `stride * run`,
# until `quota` bytes of text are taken. Strides are the source's size (SOURCES.md, "bytes (text)")
# divided by the quota, rounded down, so each selection spans the whole file (all years / sessions).
# Europarl has one sentence per line: a run of 6 sentences is joined into one paragraph.
SOURCES = [
    ("ungdc-en.txt.xz", 20_000_000, 9, 4, "\n\n"),                   # 197.3 MB, CC0
    ("europarl-en.txt.xz", 10_000_000, 10, 6, " "),                  # 108.6 MB, free reuse with attribution
    ("whitehouse-statements-en.txt.xz", 10_000_000, 4, 4, "\n\n"),   # 44.1 MB, public domain / CC0
    ("whitehouse-transcripts-en.txt.xz", 10_000_000, 7, 4, "\n\n"),  # 71.1 MB, public domain / CC0
]
# Held-apart text (file, byte quota, stride, run, join), as above over corpus_split.held_apart_lines:
# the shippable files' held-apart lines are 1 in 50 (~2% of each), taken whole; the research-only
# files are taken with a stride so each spans its whole file.
HELD_APART_SOURCES = [
    ("ungdc-en.txt.xz", 4_000_000, 1, 4, "\n\n"),
    ("europarl-en.txt.xz", 2_000_000, 1, 6, " "),
    ("whitehouse-statements-en.txt.xz", 1_000_000, 1, 4, "\n\n"),
    ("whitehouse-transcripts-en.txt.xz", 1_500_000, 1, 4, "\n\n"),
    ("reuters21578-en.txt.xz", 6_000_000, 2, 4, "\n\n"),
    ("hansard-ca-en.txt.xz", 6_000_000, 2, 4, "\n\n"),
]
SEED = 6             # issue 6
SPIN_RATE = 1 / 8    # share of eligible occurrences the simulated spinner rewrites
TREE_FILES = 10_000
TREE_DIRS = 100


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def select_blocks(lines, quota, stride, run, join):
    """Blocks (strings) of `run` consecutive lines, one block out of every `stride`."""
    blocks, block, taken = [], [], 0
    for i, line in enumerate(lines):
        if (i // run) % stride != 0:
            continue
        block.append(line)
        if len(block) == run:
            text = join.join(block)
            blocks.append(text)
            taken += len(text.encode("utf-8")) + 2
            block = []
            if taken >= quota:
                break
    return blocks, taken


def interleave(per_source):
    """Merges the sources' block lists so each is spread evenly over the output."""
    keyed = []
    for s, blocks in enumerate(per_source):
        n = len(blocks)
        for k, block in enumerate(blocks):
            keyed.append(((k + 0.5) / n, s, block))
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [block for _, _, block in keyed]


def parse_dictionary(path):
    """ORIGINAL (lower case) -> sorted list of SPUN forms, from `SPUN => ORIGINAL | options` lines."""
    inverse = {}
    for spun, original in spinner_entries.entries(path):
        if re.match(r"\w", original) and re.search(r"\w$", original):
            inverse.setdefault(original.lower(), set()).add(spun)
    return {k: sorted(v) for k, v in inverse.items()}


def trie_pattern(words):
    """A regex alternation of `words` with shared prefixes factored out (fast to match)."""
    trie = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node):
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Longest match first: a branch is tried before ending here.
        return "(?:" + body + ")?" if end else body

    return build(trie)


def match_case(found, spun):
    letters = [c for c in found if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return spun.upper()
    if found[:1].isupper():
        return spun[:1].upper() + spun[1:]
    return spun


def spin(text, inverse, seed):
    rng = random.Random(seed)
    pattern = re.compile(r"\b" + trie_pattern(sorted(inverse)) + r"\b(?!['\-]\w)", re.IGNORECASE)
    count = [0, 0]

    def replace(m):
        found = m.group(0)
        count[0] += 1
        forms = inverse.get(found.lower())
        if forms is None or rng.random() >= SPIN_RATE:
            return found
        count[1] += 1
        return match_case(found, forms[rng.randrange(len(forms))])

    return pattern.sub(replace, text), count[0], count[1]


def write_pair(out, clean_name, spun_name, sources, corpus, inverse, read, notes):
    """Writes the blocks `sources` select (lines of each file from `read(name)`), interleaved, as
    `clean_name`, and the same text through the simulated spinner as `spun_name`; appends a line
    per source to `notes`. Returns the spun text and what the spinner did."""
    per_source = []
    for name, quota, stride, run, join in sources:
        t = time.monotonic()
        blocks, taken = select_blocks(read(name), quota, stride, run, join)
        per_source.append(blocks)
        notes.append(f"{clean_name} source {name}: {len(blocks)} blocks, {taken:,} bytes, stride {stride}, run {run} "
                     f"(sha256 {sha256(os.path.join(corpus, name))})")
        print(f"  {clean_name} {name}: {taken:,} bytes in {time.monotonic() - t:.1f} s", file=sys.stderr)
    text = "\n\n".join(interleave(per_source)) + "\n"
    with open(os.path.join(out, clean_name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    t = time.monotonic()
    spun, eligible, changed = spin(text, inverse, SEED)
    with open(os.path.join(out, spun_name), "w", encoding="utf-8", newline="\n") as f:
        f.write(spun)
    print(f"  spinner: {changed:,} of {eligible:,} eligible occurrences in {clean_name} rewritten "
          f"in {time.monotonic() - t:.1f} s", file=sys.stderr)
    return spun, f"{changed} of {eligible} eligible occurrences rewritten"


def write_tree(root, paragraphs):
    total = sum(len(p.encode("utf-8")) + 2 for p in paragraphs)
    per_file = total / TREE_FILES
    os.makedirs(root)
    k, size, current = 0, 0, []

    def flush(index, parts):
        d = os.path.join(root, "d%02d" % (index // (TREE_FILES // TREE_DIRS)))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "f%04d.txt" % index), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n\n".join(parts) + "\n")

    for i, p in enumerate(paragraphs):
        current.append(p)
        size += len(p.encode("utf-8")) + 2
        remaining_paragraphs = len(paragraphs) - i - 1
        remaining_files = TREE_FILES - k - 1
        if k < TREE_FILES - 1 and (size >= per_file * (k + 1) or remaining_paragraphs == remaining_files):
            flush(k, current)
            k, current = k + 1, []
    flush(k, current)
    return k + 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, ".build-bench-data"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("--dictionary", default=os.path.join(ROOT, "dictionaries", "news-spinner.dict"))
    ap.add_argument("--force", action="store_true", help="rebuild even if the output exists")
    args = ap.parse_args()

    manifest_path = os.path.join(args.out, "MANIFEST")
    if os.path.exists(manifest_path) and not args.force:
        print(f"{args.out} exists (use --force to rebuild)", file=sys.stderr)
        return 0
    started = time.monotonic()
    tmp = args.out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)

    inverse = parse_dictionary(args.dictionary)
    lines = []
    spun, spun_note = write_pair(tmp, "prose.txt", "spun.txt", SOURCES, args.corpus, inverse,
                                  lambda name: corpus_split.lines(name, args.corpus), lines)
    _, held_note = write_pair(tmp, "heldapart.txt", "heldapart-spun.txt", HELD_APART_SOURCES, args.corpus, inverse,
                              lambda name: corpus_split.held_apart_lines(name, args.corpus), lines)

    files = write_tree(os.path.join(tmp, "tree"), spun.rstrip("\n").split("\n\n"))

    elapsed = time.monotonic() - started
    with open(os.path.join(tmp, "MANIFEST"), "w", encoding="utf-8") as f:
        f.write("# written by scripts/make_bench_corpus.py; do not edit\n")
        for name in ("prose.txt", "spun.txt", "heldapart.txt", "heldapart-spun.txt"):
            p = os.path.join(tmp, name)
            f.write(f"{name}: {os.path.getsize(p):,} bytes, sha256 {sha256(p)}\n")
        f.write(f"tree/: {files} files from spun.txt\n")
        for line in lines:
            f.write(line + "\n")
        f.write(f"dictionary {os.path.relpath(args.dictionary, ROOT)}: {len(inverse)} originals, "
                f"sha256 {sha256(args.dictionary)}\n")
        f.write(f"spinner: seed {SEED}, rate {SPIN_RATE}, {spun_note} (spun.txt), {held_note} (heldapart-spun.txt)\n")
        f.write(f"build time: {elapsed:.0f} s\n")
    shutil.rmtree(args.out, ignore_errors=True)
    os.rename(tmp, args.out)
    print(open(os.path.join(args.out, "MANIFEST"), encoding="utf-8").read(), end="", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
