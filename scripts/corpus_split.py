"""Which corpus text the shipped model may learn from, and which is held apart for evaluation.

Shared by the model build (scripts/build_context_model.py) and the evaluation scripts so the
two never disagree. Rules:
- Reuters and Hansard are research-only: never in what ships, always available for evaluation.
- UN debates (CC0), White House (public domain) and Europarl: every line whose index is
  ≡ HELD_APART_RESIDUE (mod HELD_APART_MODULUS) is held apart; the rest trains the model.
"""
import json, lzma, os

SHIPPABLE = ("ungdc-en.txt.xz", "europarl-en.txt.xz",
             "whitehouse-transcripts-en.txt.xz", "whitehouse-statements-en.txt.xz")
RESEARCH_ONLY = ("reuters21578-en.txt.xz", "hansard-ca-en.txt.xz")
HELD_APART_MODULUS = 50
HELD_APART_RESIDUE = 49

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "..", "..", "shared", "corpus")


def lines(name, corpus=DEFAULT_CORPUS):
    with lzma.open(os.path.join(corpus, name), "rt", encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n")


def training_lines(name, corpus=DEFAULT_CORPUS):
    """Lines of a shippable file the model may learn from."""
    assert name in SHIPPABLE, name
    for i, line in enumerate(lines(name, corpus)):
        if i % HELD_APART_MODULUS != HELD_APART_RESIDUE:
            yield line


def held_apart_lines(name, corpus=DEFAULT_CORPUS):
    """Lines never seen by the shipped model: all of a research-only file, or the held-apart
    residue of a shippable one."""
    for i, line in enumerate(lines(name, corpus)):
        if name in RESEARCH_ONLY or i % HELD_APART_MODULUS == HELD_APART_RESIDUE:
            yield line


PPS_HELD_OUT_MODULUS = 5


PPS_DEV_FOLD = 1


def pps_fold(tortured, expected):
    """Which fifth (0-4) of the tortured-phrase pairs a pair is in. Stable across runs and Python
    versions (no salted hash())."""
    import zlib
    return zlib.crc32(f"{tortured.lower()}\t{expected.lower()}".encode()) % PPS_HELD_OUT_MODULUS


def pps_held_out(tortured, expected):
    """True for the fifth of tortured-phrase pairs kept out of the evaluation model's channel,
    so "unseen tortured phrases" are measured on pairs the model never learned from."""
    return pps_fold(tortured, expected) == 0


def pps_dev(tortured, expected):
    """True for the fifth of tortured-phrase pairs used to tune rules on unseen tortured phrases
    (scripts/collocation_dev.py): kept out of the development model's channel along with the
    evaluation fifth, and never used for evaluation."""
    return pps_fold(tortured, expected) == PPS_DEV_FOLD


def read_jsonl(path):
    """The JSON object on each non-blank line of `path` (the simulated and evaluation sets)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
