#!/usr/bin/env python3
"""How often clean English writes each of some phrases: counts in all of ../shared/corpus.

For choosing a dictionary entry's confidence before writing it. A spinner's form that clean
English never writes ("pores and skin") can be fixed anywhere; one it writes now and then
("whether or not", "a number of") only in a document the spin gate finds spun, and only when the
original it stands for is much more common (in a spun document the form is then mostly the
spinner's: with a spinner that swaps half of the originals, an original 20 times as common makes
the form the spinner's 10 times in 11). Prints, per phrase, its count, its rate per 10M words and
the ratio of each `=> original` to it, with one example line.

Usage:
    scripts/phrase_counts.py [--corpus DIR] [--files a,b] 'spun => original' 'phrase' ...
    scripts/phrase_counts.py --from FILE      # one 'spun => original' or 'phrase' per line
    scripts/phrase_counts.py --table FILE.tsv # a table of proposed swaps (scripts/proposals/):
        # a header, then original<TAB>spun[<TAB>confidence<TAB>note] per row; prints one
        # tab-separated row per swap, commonest original against its form first:
        # spun, original, confidence, spun count, original count, ratio, note
Matching is case-insensitive, on whole words (letters, digits, apostrophes, and "." inside a
word: "p.c"). About two minutes for the 74M words on two cores.
"""
import argparse, collections, multiprocessing, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import corpus_split  # noqa: E402
import spinner_entries  # noqa: E402

WORD = re.compile(r"[a-z0-9]+(?:['’.][a-z0-9]+)*")


def words(text):
    return WORD.findall(text.lower())


def count_file(job):
    """Counts of each phrase (a tuple of words) in one corpus file, its word count, an example per phrase."""
    name, corpus, phrases = job
    by_first = collections.defaultdict(list)
    for p in phrases:
        by_first[p[0]].append(p)
    counts, examples, total = collections.Counter(), {}, 0
    for line in corpus_split.lines(name, corpus):
        w = words(line)
        total += len(w)
        for i, first in enumerate(w):
            for p in by_first.get(first, ()):
                if tuple(w[i:i + len(p)]) == p:
                    counts[p] += 1
                    examples.setdefault(p, line.strip()[:200])
    return name, counts, examples, total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pairs", nargs="*")
    ap.add_argument("--from", dest="source")
    ap.add_argument("--table")
    ap.add_argument("--corpus", default=corpus_split.DEFAULT_CORPUS)
    ap.add_argument("--files", default=",".join(corpus_split.SHIPPABLE + corpus_split.RESEARCH_ONLY))
    a = ap.parse_args()
    specs = list(a.pairs)
    if a.source:
        with open(a.source, encoding="utf-8") as f:
            specs += [l.strip() for l in f if l.strip() and not l.startswith("#")]
    table = spinner_entries.proposal_rows(a.table) if a.table else []
    if not specs and not table:
        ap.error("give phrases, --from FILE or --table FILE")
    if specs and table:
        ap.error("--table prints a table of its own: give it without phrases or --from")
    rows = []
    for spec in specs:
        spun, _, original = spec.partition("=>")
        rows.append((tuple(words(spun)), tuple(words(original)) if original.strip() else None))
    rows += [(tuple(words(spun)), tuple(words(original))) for original, spun, *_ in table]
    counts, examples, total, files = count(rows, a)
    if table:
        print_table(table, counts)
        return
    print(f"{total:,} words in {len(files)} files")
    for spun, original in rows:
        n = counts[spun]
        line = f"{' '.join(spun):28} {n:8,}  {1e7 * n / total:9.2f} per 10M"
        if original:
            m = counts[original]
            ratio = f"{m / n:8.1f}x" if n else "   never"
            line += f"   {' '.join(original):22} {m:9,}  ratio {ratio}"
        print(line + (f"   e.g. {examples[spun]}" if n else ""))


def count(rows, a):
    """Counts of every phrase of `rows` in the corpus files of `a`: counts, one example line per
    phrase, the words read, the files."""
    phrases = sorted({p for row in rows for p in row if p})
    files = a.files.split(",")
    with multiprocessing.Pool(min(len(files), os.cpu_count() or 1)) as pool:
        results = pool.map(count_file, [(name, a.corpus, phrases) for name in files])
    counts, examples, total = collections.Counter(), {}, 0
    for _, c, e, t in results:
        counts.update(c)
        total += t
        for p, line in e.items():
            examples.setdefault(p, line)
    return counts, examples, total, files


def print_table(table, counts):
    """One tab-separated row per proposed swap, the original commonest against its form first
    (a form the corpus never writes first of all)."""
    out = []
    for original, spun, confidence, note in table:
        n, m = counts[tuple(words(spun))], counts[tuple(words(original))]
        out.append((spun, original, confidence, n, m, m / n if n else float("inf"), note))
    out.sort(key=lambda r: (-r[5], -r[4]))
    for spun, original, confidence, n, m, ratio, note in out:
        print(f"{spun}\t{original}\t{confidence}\t{n}\t{m}\t{ratio:.1f}\t{note}")


if __name__ == "__main__":
    main()
