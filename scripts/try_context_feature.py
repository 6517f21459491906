#!/usr/bin/env python3
"""Measure whether a wider-context feature would help the context model, before building it in.

Usage: scripts/try_context_feature.py [--kind topic|window|cbow] [--binary .build/release/unspin]

The trigram counts see a word's two neighbours on each side; a spinner's synonym may fit them and
still be off the subject ("battle" for "war", "teams" for "groups"). This script adds features
from word vectors trained on the shippable training text (scripts/corpus_split.py) to the
candidate rows of scripts/fit_context_model.py and refits both stages on the same split, so the
held-out figures compare directly with the fit script's own:
- topic:  PPMI over co-occurrence within 10 words (context: the 20,000 words after the 100 most
          frequent, smoothed 0.75), truncated SVD to 48 dimensions; feature: cosine of the
          candidate with the rest of the document minus that of the written word.
- window: the same vectors against the 15 words on each side only.
- cbow:   word2vec CBOW (gensim, 64 dimensions, window 5, 2 epochs); feature: the output vector
          of the candidate minus that of the written word, dotted with the mean input vector of
          the 5 words on each side (how much more the context predicts the candidate).
- fourgram / fivegram: longer n-grams than the model's, for idioms a spinner breaks while every
          trigram stays seen ("in the top ," for "in the end ,"): the most seen 4-gram (5-gram)
          through the candidate and through the written words, ln(1 + count) over the training
          text (counted whole, 39.4M distinct 4-grams, hashed), their difference, and an indicator
          that none through the written words was seen.
- channel: not context but the channel: ln P(written | original) for a spinner that picks
          uniformly among a thesaurus's synonyms of the original (1 / synonym count in each
          thesaurus linking them, averaged over the three), and the original's synonym count.
Each kind is tried as one feature (gain) and as two (gain, candidate's own score), with an
indicator for rows without vectors. Vectors are cached in .build-model/ (topic: ~5 min to build,
cbow: ~5 min and `pip install gensim`).

Measured in the ninth session (held-out documents of the fit, p >= 0.6, P / R):

| features | stage-1 log loss | SEO | SpinBot | WordNet |
|---|---|---|---|---|
| baseline (fit_context_model.py) | 0.0423 | 0.807 / 0.189 | 0.750 / 0.055 | 0.838 / 0.216 |
| + topic gain | 0.0422 | 0.825 / 0.189 | 0.740 / 0.058 | 0.838 / 0.222 |
| + topic gain, score | 0.0420 | 0.812 / 0.195 | 0.737 / 0.057 | 0.849 / 0.228 |
| + window gain | 0.0420 | 0.828 / 0.200 | 0.695 / 0.058 | 0.829 / 0.226 |
| + window gain, score | 0.0417 | 0.817 / 0.194 | 0.711 / 0.060 | 0.826 / 0.233 |
| + cbow gain | 0.0414 | 0.828 / 0.200 | 0.772 / 0.062 | 0.860 / 0.228 |
| + cbow gain, score | 0.0413 | 0.831 / 0.197 | 0.772 / 0.062 | 0.857 / 0.222 |
| + channel log p | 0.0407 | 0.805 / 0.207 | 0.810 / 0.052 | 0.844 / 0.239 |
| + channel log p, synonym count | 0.0407 | 0.787 / 0.204 | 0.788 / 0.053 | 0.839 / 0.236 |

About one point of recall and up to two of precision: the trigram features already carry most of
what a wider context knows about these swaps, and recall is bounded by the candidates weighed (the
fit's "recall ceiling" line: SEO 0.594, SpinBot 0.328, WordNet 0.680 with a correct candidate
weighed; 0.461 / 0.210 / 0.550 with stage 1's choice correct). Not built into the model: a vector
section (~3 MB of the 40 MB budget) and a feature the staged screen would have to bound, for that.
The channel feature was built in on branch `channel9` (the probability in spare bits of each
channel entry, in place of unseen_x_candidate_link, refitted twice): SEO and WordNet gained about
2.5 points of recall at the default threshold, but precision fell on SpinBot (0.748 -> 0.736),
WordNet (0.875 -> 0.867) and unseen tortured phrases (detection recall 0.045 -> 0.030): it penalises
polysemous originals, which tortured phrases and rare spinner forms often have. Not merged.

Fifteenth session, `--kind fourgram` (held-out documents of the fit with today's features, P / R):

| features | stage-1 log loss | p >= 0.6: SEO | SpinBot | WordNet | p >= 0.3: SEO | WordNet |
|---|---|---|---|---|---|---|
| baseline | 0.0383 | 0.875 / 0.220 | 0.713 / 0.057 | 0.877 / 0.201 | 0.737 / 0.287 | 0.783 / 0.281 |
| + 4-gram gain, unseen | 0.0380 | 0.869 / 0.223 | 0.752 / 0.061 | 0.882 / 0.203 | 0.738 / 0.296 | 0.792 / 0.282 |
| + 4-gram gain, both counts, unseen | 0.0380 | 0.869 / 0.223 | 0.752 / 0.061 | 0.882 / 0.203 | 0.736 / 0.296 | 0.794 / 0.282 |

The correct candidate's 4-gram gain averages +1.67 against -0.54 for the others, yet recall moves by
half a point: what a 4-gram sees the trigram features mostly saw already. A pruned 4-gram section
would not fit the 40 MB budget beside today's trigrams (36.4 MB) without pruning those. Not built.
"""
import argparse, bisect, os, sys, time
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_split
import fit_context_model as fit
from count_ngrams import TOKEN, NUMBER, lm_tokens

ROOT = fit.ROOT
MODEL_DIR = os.path.join(ROOT, ".build-model")


def token_stream(vocab):
    """The training text as vocabulary ids (count_ngrams.py's tokens, <s> = 1 starts a paragraph)."""
    cache = os.path.join(MODEL_DIR, "stream.npy")
    if os.path.exists(cache):
        return np.load(cache)
    index = {w: i for i, w in enumerate(vocab)}
    chunks = []
    for name in corpus_split.SHIPPABLE:
        chunks.append(np.array([index.get(t, 0) for line in corpus_split.training_lines(name)
                                for t in lm_tokens(line)], dtype=np.int32))
    stream = np.concatenate(chunks)
    np.save(cache, stream)
    return stream


def ppmi_vectors(vocab, unigram, dims=48, window=10, min_count=20, skipped=100, context_words=20000):
    import scipy.sparse as sp
    from scipy.sparse.linalg import svds
    cache = os.path.join(MODEL_DIR, f"topic-{dims}.npy")
    if os.path.exists(cache):
        return np.load(cache)
    stream = token_stream(vocab)
    column = np.full(len(vocab), -1, dtype=np.int64)
    ctx = np.arange(3 + skipped, min(len(vocab), 3 + skipped + context_words))
    column[ctx] = np.arange(len(ctx))
    para = np.cumsum(stream == 1)
    counts = sp.csr_matrix((len(vocab), len(ctx)), dtype=np.float32)
    for d in range(1, window + 1):
        same = para[:-d] == para[d:]
        for target, other in ((stream[:-d], stream[d:]), (stream[d:], stream[:-d])):
            c = column[other]
            m = same & (c >= 0) & (target >= 3) & (unigram[target] >= min_count)
            counts = counts + sp.coo_matrix((np.ones(int(m.sum()), dtype=np.float32), (target[m], c[m])),
                                            shape=counts.shape).tocsr()
    total = counts.sum()
    row_p = np.asarray(counts.sum(axis=1)).ravel() / total
    col = np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    coo = counts.tocoo()
    pmi = np.log((coo.data / total) / (row_p[coo.row] * (col / col.sum())[coo.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep].astype(np.float32), (coo.row[keep], coo.col[keep])), shape=counts.shape)
    u, s, _ = svds(ppmi, k=dims)
    vectors = u * np.sqrt(s)
    norms = np.linalg.norm(vectors, axis=1)
    vectors[norms > 0] /= norms[norms > 0][:, None]
    np.save(cache, vectors.astype(np.float32))
    return vectors


def cbow_model(vocab):
    try:
        from gensim.models import Word2Vec
    except ImportError:
        sys.exit("--kind cbow needs gensim: pip install gensim")
    path = os.path.join(MODEL_DIR, "cbow.w2v")
    if os.path.exists(path):
        return Word2Vec.load(path)
    stream = token_stream(vocab)
    text = os.path.join(MODEL_DIR, "cbow-corpus.txt")
    words = np.array(vocab, dtype=object)
    starts = np.flatnonzero(stream == 1)
    with open(text, "w", encoding="utf-8") as f:
        for a, b in zip(starts, list(starts[1:]) + [len(stream)]):
            if b - a > 2:
                f.write(" ".join(words[stream[a + 1:b]]) + "\n")
    model = Word2Vec(corpus_file=text, vector_size=64, window=5, min_count=20, sg=0, negative=5, workers=2, epochs=2)
    model.save(path)
    os.unlink(text)
    return model


def lm_token(t):
    return "<num>" if t[0].isdigit() and NUMBER.match(t) else t.lower()


def document_tokens(text):
    """count_ngrams.py's tokens of a document, with the byte offset each starts at."""
    norm = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    byte_at = np.cumsum([0] + [len(ch.encode()) for ch in text])
    found = [(int(byte_at[m.start()]), lm_token(m.group(0))) for m in TOKEN.finditer(norm)]
    return [b for b, _ in found], [t for _, t in found]


def channel_features(rows):
    """A uniform spinner picks each of a word's synonyms equally often, so P(written | original)
    is about 1 / (synonyms of the original) in a thesaurus that links them: per row, the log of
    that averaged over the three thesauri (links missing count 0), and the log of the original's
    synonym count (union)."""
    import build_context_model as build
    tables = (build.read_moby(), build.read_wordnet(), build.read_mythes())
    exc = build.read_wordnet_exceptions()
    known = set().union(*(t.keys() for t in tables))

    def lemma_set(word):
        return {base for base, _ in build.lemmas(word, exc, known)} or {word}

    out = np.zeros((len(rows["y"]), 3))
    cache = {}
    for n in range(len(out)):
        written, candidate = str(rows["found"][n]).lower(), str(rows["replacement"][n]).lower()
        key = (written, candidate)
        if key not in cache:
            ws, cs = lemma_set(written), lemma_set(candidate)
            p, union = 0.0, set()
            for t in tables:
                for c in cs:
                    syn = t.get(c, ())
                    union |= set(syn)
                    if syn and ws & set(syn):
                        p += 1 / len(syn) / 3
                        break
            cache[key] = (np.log(p) if p > 0 else np.log(1e-4), np.log1p(len(union)), 1.0 if p == 0 else 0.0)
        out[n] = cache[key]
    return out


def ngram_hashes(ids, n):
    """A 64-bit hash of each n-gram of the id array (collisions: ~n-grams^2 / 2^64)."""
    h = np.zeros(len(ids) - n + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = (h ^ ids[k:len(ids) - n + 1 + k].astype(np.uint64)) * np.uint64(0x9E3779B97F4A7C15)
            h ^= h >> np.uint64(29)
    return h


def long_ngram_features(rows, docs, n=4):
    """Idioms a spinner breaks ("in the top" for "in the end", "to the desk" for "to the table")
    keep every trigram seen: n-grams longer than the model's see them. Per row: the most seen
    n-gram through the candidate and through the written words (ln 1 + count over the training
    text): the difference, the candidate's, an indicator that the written words' n-grams are all
    unseen (third, where the other kinds put theirs), and the written words'."""
    z = np.load(os.path.join(MODEL_DIR, "counts.npz"), allow_pickle=True)
    vocab = list(z["vocab"])
    index = {w: i for i, w in enumerate(vocab)}
    t0 = time.time()
    cache = os.path.join(MODEL_DIR, f"ngram{n}-counts.npz")
    if os.path.exists(cache):
        c = np.load(cache)
        keys, counts = c["keys"], c["counts"]
    else:
        stream = token_stream(vocab)
        keys, counts = np.unique(ngram_hashes(stream, n), return_counts=True)
        np.savez(cache, keys=keys, counts=counts)
    print(f"{n}-grams: {len(keys):,} distinct ({time.time() - t0:.0f} s)", file=sys.stderr)

    def ln_count(seq_ids):
        if len(seq_ids) < n:
            return np.zeros(0)
        h = ngram_hashes(np.array(seq_ids, dtype=np.int64), n)
        at = np.minimum(np.searchsorted(keys, h), len(keys) - 1)
        return np.where(keys[at] == h, np.log1p(counts[at]), 0.0)

    out = np.zeros((len(rows["y"]), 4))
    tokens = {}
    for r in range(len(out)):
        d = int(rows["doc_of"][r])
        if d not in tokens:
            starts, words = document_tokens(docs[d][1])
            tokens[d] = (starts, [index.get(w, 0) for w in words])
        starts, ids = tokens[d]
        i0 = bisect.bisect_left(starts, int(rows["start"][r]))
        i1 = bisect.bisect_left(starts, int(rows["end"][r]))
        cand = [index.get(t, 0) for t in lm_tokens(str(rows["replacement"][r]))[1:]]
        lo = max(0, i0 - (n - 1))
        written = ln_count(ids[lo:i1 + n - 1])
        restored = ln_count(ids[lo:i0] + cand + ids[i1:i1 + n - 1])
        bw = float(written.max()) if len(written) else 0.0
        bc = float(restored.max()) if len(restored) else 0.0
        out[r] = (bc - bw, bc, 1.0 if len(written) and bw == 0 else 0.0, bw)
    return out


def extra_features(kind, rows, docs):
    if kind == "channel":
        return channel_features(rows)
    if kind in ("fourgram", "fivegram"):
        return long_ngram_features(rows, docs, 4 if kind == "fourgram" else 5)
    z = np.load(os.path.join(MODEL_DIR, "counts.npz"), allow_pickle=True)
    vocab, unigram = list(z["vocab"]), z["unigram"]
    index = {w: i for i, w in enumerate(vocab)}
    if kind == "cbow":
        model = cbow_model(vocab)
        ids, inputs, outputs = model.wv.key_to_index, model.wv.vectors, model.syn1neg
    else:
        vectors = ppmi_vectors(vocab, unigram)
        has = np.linalg.norm(vectors, axis=1) > 0
        ids = {w: i for w, i in index.items() if i >= 3 + 100 and has[i]}
        inputs = outputs = vectors
    span = {"topic": None, "window": 15, "cbow": 5}[kind]

    def phrase(text):
        found = [ids[t] for t in lm_tokens(text)[1:] if t in ids]
        return outputs[found].mean(0) if found else None

    out = np.zeros((len(rows["y"]), 3))
    tokens = {}
    for n in range(len(out)):
        d = int(rows["doc_of"][n])
        if d not in tokens:
            tokens[d] = document_tokens(docs[d][1])
        starts, words = tokens[d]
        i0 = bisect.bisect_left(starts, int(rows["start"][n]))
        i1 = bisect.bisect_left(starts, int(rows["end"][n]))
        around = words[:i0] + words[i1:] if span is None else words[max(0, i0 - span):i0] + words[i1:i1 + span]
        context = [ids[w] for w in around if w in ids]
        written, candidate = phrase(str(rows["found"][n])), phrase(str(rows["replacement"][n]))
        if candidate is None or not context:
            out[n] = (0, 0, 1)
            continue
        h = inputs[context].mean(0) if kind == "cbow" else inputs[context].sum(0)
        if kind != "cbow":
            h = h / (np.linalg.norm(h) or 1)
        score = float(candidate @ h)
        out[n] = (score - (float(written @ h) if written is not None else 0.0), score, 0)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", choices=("topic", "window", "cbow", "channel", "fourgram", "fivegram"), default="topic")
    # The fit's own options, so that the rows are the ones it reads (a copy of them fell behind).
    a = fit.arguments(parser=ap)
    t0 = time.time()
    docs = fit.training_docs(a)
    rows = fit.load_rows(a, docs)
    extra = extra_features(a.kind, rows, docs)
    print(f"{a.kind}: mean gain {extra[rows['y'] == 1, 0].mean():+.3f} (correct candidates), "
          f"{extra[rows['y'] == 0, 0].mean():+.3f} (others); {extra[:, 2].mean():.1%} rows flagged (no vectors; n-grams: written ones unseen) "
          f"({time.time() - t0:.0f} s)")
    local = rows["X"][:, :len(fit.NAMES)]
    for label, X in (("baseline", local), (f"+ {a.kind} gain", np.column_stack([local, extra[:, [0, 2]]])),
                     (f"+ {a.kind} gain and score", np.column_stack([local, extra]))):
        print(f"== {label}")
        fit.fit_stages(rows, docs, X, out_of_domain_weight=a.out_of_domain_weight,
                       news_stage2_weight=a.news_stage2_weight)


if __name__ == "__main__":
    main()
