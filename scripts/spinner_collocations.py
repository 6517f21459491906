#!/usr/bin/env python3
"""Propose news-spinner entries: the list's own word swaps applied to common collocations.

A spinner swaps a word the same way wherever it stands: having written "unemployment charge" for
"unemployment rate" it writes "crime charge", "birth charge" and "interest charge" too. The
curated list (`dictionaries/news-spinner.dict`) shows each swap in a few collocations; this script
finds the others. It reads the word substitutions the entries make (the one stretch of words in
which an entry's spun form and original differ: "unemployment charge => unemployment rate" gives
rate -> charge), keeps those two or more entries make, and applies each to the bigrams and trigrams
of clean English (the model's counts, `.build-model/counts.npz`, from `scripts/count_ngrams.py`)
that hold the original word, are seen at least --min-count times and have a content word besides
it. A spun collocation is proposed when clean English hardly writes it (under --max-spun in the
counts; the counts keep bigrams seen twice and trigrams seen three times, so absent means rarer)
and no entry of the list already matches it (an entry's spun form inside it, or it inside one).
Hyphenated spun forms are never in the counts (their tokens there are split at the hyphen), so
only the corpus count says whether they are written.

The output is for review, not for the list as it stands: one `spun => original` line per proposal,
most common original first, with both counts, in the format `scripts/phrase_counts.py --from`
reads (the counts follow a `#`). Each kept proposal still needs its exact count in the whole
corpus (phrase_counts.py), a confidence (strong where clean English never writes the form,
gate-only where it is English in some other sense) and examples. Proposals the spinner would not
make in running text, or that read as English, are dropped by hand.

Usage:
    python3 scripts/spinner_collocations.py [--min-count 200] [--max-spun 0] [--support 2]
        [--word-for-word] [--limit 400] [--out FILE]
    python3 scripts/spinner_collocations.py --single-words [--support 4] [--min-ratio 15]
--word-for-word reads the swaps entries make only inside a longer stretch of words swapped one for
one ("Chilly Battle => Cold War": war -> battle), which no entry makes alone.
--single-words proposes the swapped words themselves, as entries for documents the spin gate finds
spun: a spinner that writes "metropolis" for "city" in 22 listed phrases writes it for "city"
everywhere, and in its output a word written far less often than the one it stands for is mostly
the spinner's. For each spun form of one original word (one to three words: "metropolis",
"financial institution") that --support or more entries make (all swaps, in a stretch alone or
word for word), mostly (80%) for one original, it prints the share of that original's listed swaps
it takes (q) and the ratio of their counts (r): in a spun document the form is the spinner's about
q·r times for each time it is the author's own, if the spinner swaps the original as often as it
leaves the form. Proposals with q·r of --min-ratio or more, highest first; forms that already
have an entry without conditions are left out.
About 40 s (loading the counts).
"""
import argparse, collections, os, re, sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# FUNCTION_WORDS: words a collocation needs besides the swapped one, since a function word alone
# makes no collocation ("the rate", "rate of").
from spinner_entries import (FUNCTION_WORDS, WORD, all_word_swaps, entry_heads, entry_lines,  # noqa: E402
                             is_unconditional, word_for_word_swaps, word_swaps)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DICTIONARY = os.path.join(ROOT, "dictionaries", "news-spinner.dict")
COUNTS = os.path.join(ROOT, ".build-model", "counts.npz")
BITS = 21  # scripts/count_ngrams.py


def contains(outer, inner):
    n = len(inner)
    return any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


class Counts:
    """The model's n-gram counts (`scripts/count_ngrams.py`): unigrams, bigrams, trigrams."""

    def __init__(self, path):
        d = np.load(path, allow_pickle=True)
        self.vocab = list(d["vocab"])
        self.ids = {w: i for i, w in enumerate(self.vocab)}
        self.unigrams = dict(zip(self.vocab, d["unigram"].tolist()))
        self.bigrams = dict(zip(d["bigram_keys"].tolist(), d["bigram_counts"].tolist()))
        self.trigram_keys, self.trigram_counts = d["trigram_keys"], d["trigram_counts"]

    def count(self, words):
        """The count of a sequence of 1-3 (LM) tokens, 0 when it is not kept."""
        if any(w not in self.ids for w in words):
            return 0
        k = [self.ids[w] for w in words]
        if len(k) == 1:
            return self.unigrams[words[0]]
        if len(k) == 2:
            return self.bigrams.get((k[0] << BITS) | k[1], 0)
        if len(k) == 3:
            key = (k[0] << 2 * BITS) | (k[1] << BITS) | k[2]
            i = np.searchsorted(self.trigram_keys, key)
            return int(self.trigram_counts[i]) if i < len(self.trigram_keys) and self.trigram_keys[i] == key else 0
        return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--counts", default=COUNTS)
    ap.add_argument("--dictionary", default=DICTIONARY)
    ap.add_argument("--min-count", type=int, default=200, help="least count of the original collocation")
    ap.add_argument("--max-spun", type=int, default=0, help="most count of the spun form in the counts")
    ap.add_argument("--support", type=int, default=2, help="entries that must make a word swap")
    ap.add_argument("--word-for-word", action="store_true",
                    help="use only the swaps made word for word inside longer stretches, which the default table misses")
    ap.add_argument("--single-words", action="store_true",
                    help="propose the swapped words alone, for spun documents (see above)")
    ap.add_argument("--min-ratio", type=float, default=15.0,
                    help="with --single-words: least q·r (share of the original's swaps × count ratio)")
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--out")
    a = ap.parse_args()

    heads = entry_heads(a.dictionary)
    if a.single_words:
        write_lines(single_word_proposals(a, heads), a.out)
        return
    swaps = word_swaps(heads, a.support)
    if a.word_for_word:
        # Only the swaps no entry makes alone: the others the default table has proposed.
        alone = word_swaps(heads, 1)
        swaps = {o: new for o, c in word_for_word_swaps(heads, a.support).items()
                 if (new := {s: n for s, n in c.items() if s not in alone.get(o, {})})}
    listed = [s for s, _ in heads]
    counts = Counts(a.counts)
    vocab, ids, bigrams, tk, tc = counts.vocab, counts.ids, counts.bigrams, counts.trigram_keys, counts.trigram_counts
    mask = (1 << BITS) - 1
    count = counts.count

    def content(w):
        return w not in FUNCTION_WORDS and w.isalpha()

    # The collocations of each swapped word: bigrams, then trigrams, seen at least min-count times.
    wanted = {ids[o]: o for o in swaps if o in ids}
    colloc = collections.defaultdict(list)
    for key, n in bigrams.items():
        if n < a.min_count:
            continue
        w1, w2 = key >> BITS, key & mask
        for pos, w in ((0, w1), (1, w2)):
            if w in wanted:
                words = (vocab[w1], vocab[w2])
                if content(words[1 - pos]):
                    colloc[wanted[w]].append((words, pos, n))
    big = tc >= a.min_count
    for key, n in zip(tk[big].tolist(), tc[big].tolist()):
        w = (key >> 2 * BITS, (key >> BITS) & mask, key & mask)
        words = tuple(vocab[x] for x in w)
        for pos in range(3):
            if w[pos] in wanted and sum(content(x) for i, x in enumerate(words) if i != pos) >= 1 \
                    and all(x not in ("<s>", "<num>", "<unk>") and re.fullmatch(r"[a-z']+", x) for x in words):
                colloc[wanted[w[pos]]].append((words, pos, n))

    proposals = {}
    for original, spuns in swaps.items():
        for words, pos, n in colloc.get(original, ()):
            for spun_words in spuns:
                spun = words[:pos] + spun_words + words[pos + 1:]
                m = count(spun) if len(spun) <= 3 else 0
                if m > a.max_spun or any(contains(spun, h) or contains(h, spun) for h in listed if h):
                    continue
                key = (" ".join(spun), " ".join(words))
                proposals[key] = max(proposals.get(key, (0, 0)), (n, m))
    # A trigram whose swap a proposed bigram already makes adds nothing ("the worldwide
    # community" beside "worldwide community").
    spun_forms = {tuple(spun.split()) for spun, _ in proposals}
    proposals = {k: v for k, v in proposals.items()
                 if not any(len(f) < len(k[0].split()) and contains(tuple(k[0].split()), f) for f in spun_forms)}
    rows = sorted(proposals.items(), key=lambda kv: -kv[1][0])[:a.limit]
    lines = [f"# {len(swaps)} word swaps made by {a.support}+ entries of {os.path.basename(a.dictionary)}; "
             f"{len(proposals)} proposals, the {len(rows)} with the commonest originals"]
    lines += [f"{spun} => {original}  # original {n}, spun {m}" for (spun, original), (n, m) in rows]
    write_lines(lines, a.out)


def write_lines(lines, out):
    """The proposals to `out`, or to standard output without one."""
    if out:
        with open(out, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    else:
        print("\n".join(lines))


def single_word_proposals(a, heads):
    """`--single-words`: one `spun => original  # ...` line per proposed word, highest q·r first."""
    # original -> spun form -> entries, over both kinds of swap.
    swaps = {o: {" ".join(spun): n for spun, n in c.items()} for o, c in all_word_swaps(heads, 1).items()}
    by_spun = collections.defaultdict(collections.Counter)
    for original, spuns in swaps.items():
        for spun, n in spuns.items():
            by_spun[spun][original] += n
    unconditional = {spun.lower() for spun, _, options in entry_lines(a.dictionary) if is_unconditional(options)}
    counts = Counts(a.counts)
    rows = []
    for spun, originals in by_spun.items():
        if spun in FUNCTION_WORDS or spun in unconditional:
            continue
        original, n = originals.most_common(1)[0]
        if n < a.support or n < 0.8 * sum(originals.values()):
            continue
        q = n / sum(swaps[original].values())
        # Counts of the spun form as the model's tokens read it ("financial institution", "on-line" -> "on line").
        spun_count, original_count = counts.count(tuple(WORD.findall(spun.replace("-", " ")))), counts.count((original,))
        r = original_count / max(spun_count, 1)
        if q * r >= a.min_ratio:
            rows.append((q * r, spun, original, n, q, spun_count, original_count))
    rows.sort(reverse=True)
    lines = [f"# {len(rows)} swapped words of {os.path.basename(a.dictionary)}, as words alone, {a.support}+ entries, q·r >= {a.min_ratio:g}"]
    lines += [f"{spun} => {original}  # q·r {qr:.0f}: {n} entries, q {q:.2f}, counts {sc} / {oc}"
              for qr, spun, original, n, q, sc, oc in rows[:a.limit]]
    return lines


if __name__ == "__main__":
    main()
