#!/usr/bin/env python3
"""How often clean English writes a tortured phrase's original in the number PPS does not list.

The PPS list gives most tortured phrases in one number; a paper spun from a text that used the
term in the other number writes the tortured phrase in that number too, which only the made
number variants of dictionaries/tortured-phrases.dict catch. This counts, in the clean corpus, the
originals (expected phrases of two to four plain words whose last word is a noun of known number,
by build_tortured_phrases.other_number) as listed and in the other number, and prints the share of
the other number over all occurrences and the median share per term.
About two minutes on two cores (a corpus scan; `--cache FILE` keeps the counts).

Usage: scripts/pps_number_share.py [SHARED_DIR] [--cache FILE]
"""
import argparse, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build_tortured_phrases as b  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shared", nargs="?", default=os.path.join(HERE, "..", "..", "shared"))
    ap.add_argument("--cache")
    a = ap.parse_args()
    nouns = b.read_nouns()
    other = {}
    with open(os.path.join(a.shared, "data", "tortured-phrases.tsv"), encoding="utf-8") as f:
        f.readline()
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2:
                continue
            expected = b.normalise(cols[1]).lower()
            if not re.fullmatch(r"[a-z]+(?: [a-z]+){1,3}", expected):
                continue
            head, last = b.split_last(expected)
            number = b.other_number(last, nouns)
            if number:
                other[expected] = head + number[1][0]
    phrases = sorted(set(other) | set(other.values()))
    raw, _, words, _, _ = b.count_in_corpus(phrases, [], os.path.join(a.shared, "corpus"), a.cache)
    count = Counter()
    for text, n in raw.items():
        count[text.lower()] += n
    listed = sum(count[e] for e in other)
    elsewhere = sum(count[v] for v in other.values())
    seen = [e for e in other if count[e] + count[other[e]] > 0]
    shares = sorted(count[other[e]] / (count[e] + count[other[e]]) for e in seen)
    print(f"originals with a noun of known number last: {len(other)}; seen in {words:,} words of clean "
          f"English (either number): {len(seen)}")
    print(f"occurrences in the listed number {listed:,}, in the other number {elsewhere:,}: "
          f"share of the other {elsewhere / max(1, listed + elsewhere):.3f}; median per term "
          f"{shares[len(shares) // 2] if shares else 0:.3f}")


if __name__ == "__main__":
    main()
