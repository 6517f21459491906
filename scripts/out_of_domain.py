#!/usr/bin/env python3
"""Clean English from outside the n-gram counts' domain, for fitting and measuring false edits.

The context model's counts, and the clean documents the coefficients are fitted on, are news and
parliamentary speech (UN debates, Europarl, White House, Reuters, Hansard). Literary, humorous and
technical prose uses words those counts hardly saw ("fingering", "monastery", "staggered"): their
contexts read as unattested, which is what a spinner's swap looks like, and a model fitted on
in-domain clean text alone restored them (1.1 false edits per 10,000 words of fortune-file prose,
0.8 in the Jargon File, where held-apart news had none). These texts come from Debian packages,
read where the packages install them; nothing from them ships (they only shape fitted numbers and
measure them):

  fortunes     `apt-get install fortunes fortune-anarchism` (/usr/share/games/fortunes): quotations,
               literature, humour, politics. Cut by file: the files at even positions of the
               sorted list are for fitting (scripts/fit_context_model.py), the odd ones for
               evaluation (scripts/evaluate_context.py --sets fortunes), so no quotation is in both.
  jargon       `apt-get install jargon-text` (/usr/share/doc/jargon-text/jargon.txt.gz): the Jargon
               File, hacker slang explained in prose. Evaluation only: never fitted on.

Documents are ~150 words: consecutive fortunes (at least 25 words each) or prose paragraphs of the
Jargon File (at least 20 words, mostly plain words) joined by blank lines.

Usage: python3 scripts/out_of_domain.py [--write DIR]   # counts; with --write, one jsonl per set
"""
import argparse, gzip, json, os, re, sys

FORTUNES = "/usr/share/games/fortunes"
JARGON = "/usr/share/doc/jargon-text/jargon.txt.gz"
# Fortune files that are not prose (pictures, lyrics laid out as verse, Zippy's non sequiturs).
NOT_PROSE = {"ascii-art", "songs-poems", "zippy"}
DOCUMENT_WORDS = 150
PACKAGES = {"fortunes-fit": "fortunes fortune-anarchism", "fortunes": "fortunes fortune-anarchism",
            "jargon": "jargon-text"}


def documents_of(pieces, prefix, words=DOCUMENT_WORDS):
    """Consecutive pieces of text (paragraphs) joined into documents of at least `words` words,
    with ids PREFIX:K; a last, shorter run is left out."""
    docs, buf, n = [], [], 0
    for p in pieces:
        buf.append(p)
        n += len(p.split())
        if n >= words:
            docs.append({"id": f"{prefix}:{len(docs)}", "text": "\n\n".join(buf)})
            buf, n = [], 0
    return docs


def fortune_files():
    if not os.path.isdir(FORTUNES):
        return []
    return sorted(os.path.join(FORTUNES, f) for f in os.listdir(FORTUNES)
                  if "." not in f and f not in NOT_PROSE and os.path.isfile(os.path.join(FORTUNES, f)))


def fortunes(part):
    """Documents of the fortune files for `part`: "fit" (even positions) or "eval" (odd)."""
    docs = []
    for k, path in enumerate(fortune_files()):
        if (k % 2 == 0) != (part == "fit"):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            items = [c.strip() for c in f.read().split("\n%\n") if len(c.split()) >= 25]
        docs += documents_of(items, "fortunes/" + os.path.basename(path))
    return docs


def jargon():
    if not os.path.exists(JARGON):
        return []
    with gzip.open(JARGON, "rt", encoding="utf-8", errors="replace") as f:
        text = f.read()
    paragraphs = []
    for p in re.split(r"\n\s*\n", text):
        s = " ".join(line.strip() for line in p.splitlines() if line.strip())
        words = s.split()
        if len(words) < 20:
            continue
        plain = sum(1 for w in words if re.fullmatch(r"[A-Za-z][a-z]+[,.;:]?", w))
        if plain / len(words) >= 0.7:
            paragraphs.append(s)
    return documents_of(paragraphs, "jargon")


def documents(name):
    """The documents of set `name` (fortunes-fit, fortunes, jargon); [] when its package is missing."""
    return {"fortunes-fit": lambda: fortunes("fit"), "fortunes": lambda: fortunes("eval"), "jargon": jargon}[name]()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", metavar="DIR")
    a = ap.parse_args()
    for name in PACKAGES:
        docs = documents(name)
        words = sum(len(d["text"].split()) for d in docs)
        print(f"{name}: {len(docs)} documents, {words} words" + ("" if docs else f" (apt-get install {PACKAGES[name]})"))
        if a.write and docs:
            os.makedirs(a.write, exist_ok=True)
            with open(os.path.join(a.write, name + ".jsonl"), "w", encoding="utf-8") as f:
                for d in docs:
                    f.write(json.dumps(d, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    sys.exit(main())
