#!/usr/bin/env python3
"""Why unspin misses the one-word swaps it misses in the held-out probes (and the seed).

For each gold edit of one word for one word that `unspin fix` does not make, asks
`unspin explain WORD --in LINE --limit 24` what the context model makes of the word, and sorts it:
- dictionary: a dictionary covers the word (the context model does not weigh it);
- attested: the word reads as well attested where it stands, so it is not weighed;
- listed: the original is a candidate, and the news-spinner list (or its proposal tables) makes
  the swap;
- thesaurus: the original is a candidate through the thesauri alone;
- no link: the word has candidates, but the original is not among them;
- no candidates: the word has none.
Each line is read alone, as its own document (explain finds a phrase's first occurrence, and a
line is what a probe's writer spun as a unit); in the whole probe the document's density and
evidence are higher, so "attested" counts words a full document may still weigh.

Usage: python3 scripts/probe_misses.py [--binary PATH] [--sets probe,probe-politics,seed] [--show]
(a few seconds)
"""
import argparse, collections, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "eval"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import score_edits  # noqa: E402

from evaluate_context import PROBES  # noqa: E402

# Set name -> (spun text, reference): the probes as evaluate_context.py names them, and the seed.
SETS = {name: (os.path.join(folder, "spun.txt"), os.path.join(folder, "reference.txt")) for name, folder in PROBES.items()}
SETS["seed"] = (os.path.join(ROOT, "..", "shared", "seed", "spun-part1.txt"),
                os.path.join(ROOT, "..", "shared", "seed", "reference-part1.txt"))
CATEGORIES = ("dictionary", "attested", "listed", "thesaurus", "no link", "no candidates")


def classify(binary, word, original, line):
    """The category of a missed swap `word` -> `original` in `line` (see the module comment)."""
    out = subprocess.run([binary, "explain", word, "--in", line, "--limit", "24"],
                         capture_output=True, text=True, check=True).stdout
    rows = [l.split() for l in out.splitlines() if l.startswith("  ") and not l.startswith("  candidate")]
    for row in rows:
        if row and row[0] == original:
            return "listed" if "news-spinner" in " ".join(row) else "thesaurus"
    if "lists it" in out:
        return "dictionary"
    if "well attested as written" in out:
        return "attested"
    return "no link" if any(l.startswith(f"'{word}'") and "best:" in l for l in out.splitlines()) else "no candidates"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "unspin"))
    ap.add_argument("--sets", default="probe,probe-politics")
    ap.add_argument("--show", action="store_true", help="print each miss and its category")
    a = ap.parse_args()
    for name in a.sets.split(","):
        spun_path, reference_path = SETS[name]
        spun = open(spun_path, encoding="utf-8").read().split("\n")
        reference = open(reference_path, encoding="utf-8").read().split("\n")
        fixed = subprocess.run([a.binary, "fix", "--no-config", spun_path], capture_output=True, text=True,
                               check=True).stdout.split("\n")
        counts = collections.Counter()
        for s, r, o in zip(spun, reference, fixed):
            tokens = score_edits.tokens(s)
            made = set(score_edits.edits(tokens, score_edits.tokens(o)))
            for edit in score_edits.edits(tokens, score_edits.tokens(r)):
                start, end, replacement = edit
                if edit in made or end - start != 1 or len(replacement) != 1:
                    continue
                category = classify(a.binary, tokens[start], replacement[0], s)
                counts[category] += 1
                if a.show:
                    print(f"  {name}: {tokens[start]} -> {replacement[0]}: {category}")
        total = sum(counts.values())
        print(f"{name}: {total} one-word misses; " + ", ".join(f"{c} {counts[c]}" for c in CATEGORIES))


if __name__ == "__main__":
    main()
