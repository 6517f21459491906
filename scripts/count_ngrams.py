#!/usr/bin/env python3
"""Count unigrams, bigrams and trigrams over the shippable training text.

Usage: scripts/count_ngrams.py [--out .build-model/counts.npz] [--corpus DIR]

Reads only the redistributable corpus files (UN debates CC0, White House public domain,
Europarl) minus their held-apart lines (scripts/corpus_split.py). Tokens follow unspin's
tokenizer: words (letters/digits, internal apostrophes) lower-cased, numbers as "<num>", each
punctuation mark its own token, "<s>" at the start of each paragraph. Writes the vocabulary
(count ≥ 2) and the n-gram counts (count ≥ 2) as numpy arrays, the input of
scripts/build_context_model.py. Takes about 10 minutes on one core and 8 GB of memory.
"""
import argparse, os, re, sys, time
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_split

TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*|[^\w\s]", re.UNICODE)
NUMBER = re.compile(r"^[0-9][0-9.,]*$")
BITS = 21  # ids < 2**21 so a trigram packs into 63 bits


def lm_tokens(line):
    out = ["<s>"]
    for t in TOKEN.findall(line.replace("\u2019", "'").replace("\u2018", "'")
                           .replace("\u2013", "-").replace("\u2014", "-")):
        if t[0].isdigit() and NUMBER.match(t):
            out.append("<num>")
        else:
            out.append(t.lower())
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(corpus_split.HERE, "..", ".build-model", "counts.npz"))
    ap.add_argument("--corpus", default=corpus_split.DEFAULT_CORPUS)
    ap.add_argument("--min-count", type=int, default=2)
    a = ap.parse_args()
    t0 = time.time()
    ids = {"<unk>": 0, "<s>": 1, "<num>": 2}
    chunks, words = [], 0
    for name in corpus_split.SHIPPABLE:
        buf = []
        for line in corpus_split.training_lines(name, a.corpus):
            toks = lm_tokens(line)
            words += len(toks) - 1
            for t in toks:
                i = ids.get(t)
                if i is None:
                    i = ids[t] = len(ids)
                buf.append(i)
        chunks.append(np.array(buf, dtype=np.int64))
        print(f"{name}: {len(buf):,} tokens, vocabulary {len(ids):,} ({time.time() - t0:.0f} s)", file=sys.stderr)
    stream = np.concatenate(chunks)
    del chunks
    # Vocabulary: words seen at least min-count times, by frequency; the rest become <unk>.
    counts = np.bincount(stream, minlength=len(ids))
    words_by_id = [None] * len(ids)
    for w, i in ids.items():
        words_by_id[i] = w
    keep = [i for i in range(3, len(ids)) if counts[i] >= a.min_count]
    keep.sort(key=lambda i: (-counts[i], words_by_id[i]))
    remap = np.zeros(len(ids), dtype=np.int64)
    for new, old in enumerate(keep, start=3):
        remap[old] = new
    remap[1], remap[2] = 1, 2
    vocab = ["<unk>", "<s>", "<num>"] + [words_by_id[i] for i in keep]
    assert len(vocab) < 2 ** BITS
    stream = remap[stream]
    unigram = np.bincount(stream, minlength=len(vocab))
    print(f"vocabulary {len(vocab):,} words (count ≥ {a.min_count}), {len(stream):,} tokens", file=sys.stderr)
    # n-grams never span a paragraph start (<s>).
    a0, a1, a2 = stream[:-2], stream[1:-1], stream[2:]
    bi = (stream[:-1] << BITS) | stream[1:]
    bi = bi[stream[1:] != 1]
    bk, bc = np.unique(bi, return_counts=True)
    m = bc >= a.min_count
    bk, bc = bk[m], bc[m]
    print(f"bigrams kept {len(bk):,} ({time.time() - t0:.0f} s)", file=sys.stderr)
    tri = (a0 << (2 * BITS)) | (a1 << BITS) | a2
    tri = tri[(a1 != 1) & (a2 != 1)]
    tk, tc = np.unique(tri, return_counts=True)
    m = tc >= a.min_count
    tk, tc = tk[m], tc[m]
    print(f"trigrams kept {len(tk):,} ({time.time() - t0:.0f} s)", file=sys.stderr)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    np.savez(a.out, vocab=np.array(vocab, dtype=object), unigram=unigram, bigram_keys=bk, bigram_counts=bc,
             trigram_keys=tk, trigram_counts=tc, words=np.array([words]))
    print(f"wrote {a.out} ({time.time() - t0:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
