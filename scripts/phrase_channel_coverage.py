#!/usr/bin/env python3
"""How much of simulated spinning a phrase channel could restore: two written words for one original.

The context model's channel links one written word to one original. A spinner that writes a
thesaurus's multi-word synonym ("talk about" for "discuss", "set up" for "establish") makes a gold
edit of two words into one that no candidate reaches. For each simulated family (the evaluation
documents of scripts/evaluate_context.py, .build-eval/sim), this counts the gold edits of that
shape (score_edits' edits, two spun tokens to one original) and how many of them a channel from
the thesauri would propose: the written phrase, its first word taken to a base form (WordNet's
exception lists and regular suffixes), is a WordNet (or Moby) synonym of the original's base form.

Usage: scripts/phrase_channel_coverage.py [--data DIR] [--families seo,wordnet,spinbot]
About a minute (reading Moby and WordNet).
"""
import argparse, os, sys

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
    a = ap.parse_args()
    wordnet, moby = model.read_wordnet(), model.read_moby()
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


if __name__ == "__main__":
    main()
