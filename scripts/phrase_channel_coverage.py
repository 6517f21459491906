#!/usr/bin/env python3
"""How much of simulated spinning a phrase channel could restore: two written words for one original.

The context model's channel links one written word to one original. A spinner that writes a
thesaurus's multi-word synonym ("talk about" for "discuss", "set up" for "establish") makes a gold
edit of two words into one that no candidate reaches. For each simulated family (the evaluation
documents of scripts/evaluate_context.py, .build-eval/sim), this counts the gold edits of that
shape (score_edits' edits, two spun tokens to one original) and how many of them a channel from
the thesauri would propose: the written phrase, its first word taken to a base form (WordNet's
exception lists and regular suffixes), is a WordNet (or Moby) synonym of the original's base form.

--attestation also builds that channel (every two-word synonym, in WordNet, Moby or MyThes, of a
word the training text has at least 20 times, the phrase's first word inflected with the original)
and counts what an attestation rule would restore with it: at each written two-word phrase of the
channel, the best original (by its trigram count with the neighbours) whose trigram with both
neighbours was seen, where neither trigram of the written phrase with its neighbours was, and also
with one of the phrase's neighbour bigrams unseen; per family the edits made, how many are gold
edits (correction) or overlap one (detection), and the same rule's edits on the clean documents.
It needs .build-model/counts.npz (scripts/count_ngrams.py).
Measured 2026-11-30: the looser rule restores 76 of SEO's 3,548 gold edits (correction precision
0.66; 112 of its 116 edits are on a gold edit), 92 of WordNet's 4,754 (0.72) and 34 of SpinBot's
5,504 (0.59), with 9 edits on the 32,318 clean words (2.8 per 10,000); the stricter one 40 (0.74),
37 (0.82) and 25 (0.76), with none on clean text. So a phrase channel in the context rule could add
about two points of recall at most: most two-word swaps read as English where they stand.

Usage: scripts/phrase_channel_coverage.py [--data DIR] [--families seo,wordnet,spinbot] [--attestation]
About a minute (reading Moby and WordNet); --attestation about a minute more.
"""
import argparse, collections, os, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "eval"))
import build_context_model as model  # noqa: E402
from corpus_split import read_jsonl  # noqa: E402
from score_edits import edits, tokens  # noqa: E402

SUFFIXES = (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("ied", "y"), ("ies", "y"))


def bases(word, exceptions):
    """The word and the base forms it may be an inflection of."""
    out = {word} | exceptions.get(word, set())
    out |= {word[:-len(suffix)] + repl for suffix, repl in SUFFIXES if word.endswith(suffix)}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, ".build-eval", "sim"))
    ap.add_argument("--families", default="seo,wordnet,spinbot")
    ap.add_argument("--attestation", action="store_true", help="also measure an attestation rule over the phrase channel")
    a = ap.parse_args()
    wordnet, moby = model.read_wordnet(), model.read_moby()
    if a.attestation:
        attestation(a, wordnet, moby)
    exceptions = model.read_wordnet_exceptions()
    for family in a.families.split(","):
        spun = read_jsonl(os.path.join(a.data, family, "spun.jsonl"))
        reference = {d["id"]: d["text"] for d in read_jsonl(os.path.join(a.data, family, "reference.jsonl"))}
        total = shaped = in_wordnet = in_either = 0
        for doc in spun:
            s = tokens(doc["text"])
            for start, end, replacement in edits(s, tokens(reference[doc["id"]])):
                total += 1
                if end - start != 2 or len(replacement) != 1:
                    continue
                shaped += 1
                first, rest = s[start], s[start + 1]
                written = {f"{b} {rest}" for b in bases(first, exceptions)}
                originals = bases(replacement[0], exceptions)
                wn = any(written & wordnet.get(o, set()) for o in originals)
                mb = any(written & set(moby.get(o, ())) for o in originals)
                in_wordnet += wn
                in_either += wn or mb
        print(f"{family}: {total} gold edits, {shaped} of two spun words for one original "
              f"({shaped / max(1, total):.1%}); the written phrase is a WordNet synonym of the original: "
              f"{in_wordnet}, WordNet or Moby: {in_either} ({in_either / max(1, total):.1%} of all gold edits)")


class Counts:
    """Trigram and bigram counts of the training text (.build-model/counts.npz), by words."""

    def __init__(self, path=os.path.join(ROOT, ".build-model", "counts.npz")):
        import numpy as np
        z = np.load(path, allow_pickle=True)
        self.np = np
        self.vocab = {w: i for i, w in enumerate(z["vocab"])}
        self.unigram = z["unigram"]
        self.keys2, self.counts2 = z["bigram_keys"], z["bigram_counts"]
        self.keys3, self.counts3 = z["trigram_keys"], z["trigram_counts"]

    def _find(self, keys, counts, key):
        i = self.np.searchsorted(keys, key)
        return int(counts[i]) if i < len(keys) and keys[i] == key else 0

    def bigram(self, a, b):
        ia, ib = self.vocab.get(a, 0), self.vocab.get(b, 0)
        return self._find(self.keys2, self.counts2, (ia << model.BITS) | ib) if ia and ib else 0

    def trigram(self, a, b, c):
        ia, ib, ic = self.vocab.get(a, 0), self.vocab.get(b, 0), self.vocab.get(c, 0)
        if not (ia and ib and ic):
            return 0
        return self._find(self.keys3, self.counts3, (ia << (2 * model.BITS)) | (ib << model.BITS) | ic)


def phrase_channel(counts, thesauri):
    """written two-word phrase -> its possible one-word originals, the phrase's first word and the
    original inflected alike (talks about <- discusses)."""
    channel = collections.defaultdict(set)
    for thesaurus in thesauri:
        for original, synonyms in thesaurus.items():
            if " " in original or original not in counts.vocab or counts.unigram[counts.vocab[original]] < 20:
                continue
            for synonym in synonyms:
                words = synonym.split()
                if len(words) != 2 or not all(w in counts.vocab for w in words):
                    continue
                channel[synonym].add(original)
                for cls in ("s", "ed", "ing"):
                    forms = [f for f in model.inflect(original, cls) if f in counts.vocab]
                    for head in model.inflect(words[0], cls):
                        if head in counts.vocab and forms:
                            channel[f"{head} {words[1]}"].add(forms[0])
    return channel


def restorations(text, channel, counts, strict):
    """(start, end, original) of each written phrase the attestation rule restores in `text`."""
    t = tokens(text)
    out = []
    for i in range(len(t) - 1):
        phrase = f"{t[i]} {t[i + 1]}"
        if phrase not in channel:
            continue
        p1 = t[i - 1] if i >= 1 else "<s>"
        n1 = t[i + 2] if i + 2 < len(t) else "."
        if counts.trigram(p1, t[i], t[i + 1]) or counts.trigram(t[i], t[i + 1], n1):
            continue
        if strict and counts.bigram(p1, t[i]) and counts.bigram(t[i + 1], n1):
            continue
        scored = [(counts.trigram(p1, o, n1), o) for o in sorted(channel[phrase])]
        best = max(scored)
        if best[0] >= 1:
            out.append((i, i + 2, (best[1],)))
    return out


def attestation(a, wordnet, moby):
    counts = Counts()
    channel = phrase_channel(counts, (wordnet, moby, model.read_mythes()))
    print(f"phrase channel: {len(channel):,} written two-word phrases")
    clean = read_jsonl(os.path.join(a.data, "clean.jsonl"))
    clean_words = sum(len(d["text"].split()) for d in clean)
    for strict in (False, True):
        rule = "neither written trigram seen" + (", and a neighbour bigram unseen" if strict else "")
        print(f"rule: {rule}; restore to the original whose trigram with both neighbours is seen")
        for family in a.families.split(","):
            spun = read_jsonl(os.path.join(a.data, family, "spun.jsonl"))
            reference = {d["id"]: d["text"] for d in read_jsonl(os.path.join(a.data, family, "reference.jsonl"))}
            made = correct = detected = gold_total = 0
            for doc in spun:
                gold = edits(tokens(doc["text"]), tokens(reference[doc["id"]]))
                gold_total += len(gold)
                for e in restorations(doc["text"], channel, counts, strict):
                    made += 1
                    correct += e in gold
                    detected += any(g[0] < e[1] and e[0] < g[1] for g in gold)
            print(f"  {family}: {made} edits, {correct} gold (precision {correct / max(1, made):.2f}, "
                  f"+{correct / max(1, gold_total):.3f} recall), {detected} on a gold edit")
        false = sum(len(restorations(d["text"], channel, counts, strict)) for d in clean)
        print(f"  clean: {false} edits in {clean_words:,} words ({false / clean_words * 1e4:.1f} per 10,000)")


if __name__ == "__main__":
    main()
