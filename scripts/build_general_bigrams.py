#!/usr/bin/env python3
"""Build dictionaries/general-bigrams.bin: the word pairs general English writes most often.

The context model's counts are news and parliament; a pair they never saw may still be ordinary
English elsewhere ("data stream", "work correctly", "data handling" in software and science). The
collocation rule takes an unseen pair for a destroyed collocation, so it asks this list first: a
pair in it is English, whatever the counts say.

Source: SymSpell's bigram frequency list (`frequency_bigramdictionary_en_243_342.txt`, shipped in
the PyPI package `symspellpy`; Wolf Garbe, MIT licence for SymSpell; the list intersects the Google
Books Ngram data, CC BY 3.0, with SCOWL): 242,342 pairs, each written over 6.4 million times in
Google Books. Only 64-bit hashes of the lower-cased pairs are kept, not the words or counts.

Format (little-endian): the 8 bytes "UNSPINBG", a u64 count, then that many u64 hashes, sorted and
distinct. A hash is FNV-1a 64 of the UTF-8 bytes of "first second" (lower case, one space): the
context model's vocabulary hash (`fnv1a` in build_context_model.py, `KeyHash.of` in the runtime).

Usage: python3 scripts/build_general_bigrams.py [--source FILE] [--output FILE]
(a few seconds; `scripts/setup.sh --eval` installs symspellpy, and numpy, which build_context_model.py needs)
"""
import argparse, os, struct, sys, tempfile

# The context model's vocabulary hash, FNV-1a 64: the runtime's `KeyHash.of` hashes the pairs too.
from build_context_model import fnv1a

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAGIC = b"UNSPINBG"


def default_source():
    try:
        import symspellpy
    except ImportError:
        sys.exit("build_general_bigrams.py: symspellpy is not installed (pip install symspellpy, or "
                 "scripts/setup.sh --eval), or give --source FILE")
    return os.path.join(os.path.dirname(symspellpy.__file__), "frequency_bigramdictionary_en_243_342.txt")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", help="SymSpell's frequency_bigramdictionary_en_243_342.txt")
    ap.add_argument("--output", default=os.path.join(ROOT, "dictionaries", "general-bigrams.bin"))
    a = ap.parse_args()
    source = a.source or default_source()
    hashes = set()
    with open(source, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            fields = line.split()
            if len(fields) != 3 or not fields[2].isdigit():
                sys.exit(f"build_general_bigrams.py: {source}:{n}: expected 'first second count'")
            hashes.add(fnv1a(f"{fields[0].lower()} {fields[1].lower()}".encode("utf-8")))
    ordered = sorted(hashes)
    data = MAGIC + struct.pack("<Q", len(ordered)) + struct.pack(f"<{len(ordered)}Q", *ordered)
    # Written beside the output and renamed over it: never half a file.
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(a.output), prefix=".general-bigrams-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, a.output)
    print(f"wrote {a.output}: {len(ordered):,} pairs from {n:,} lines ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
