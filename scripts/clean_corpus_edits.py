#!/usr/bin/env python3
"""Edits unspin makes in clean text: every file of ../shared/corpus, whole.

The corpus is clean English (UN debates, Europarl, White House, Reuters, Hansard), so every edit
at the threshold is a false edit. Lists, per file, the edits per 10,000 words, and the entries
that make them most often, with one example each, so that a dictionary entry that fixes ordinary
English shows up with its evidence.

By default the context rule is left out (`--exclude context`): the model's counts were made from
the shippable files, so its figures there say little (`scripts/evaluate_context.py` measures it on
held-apart text). Dictionaries are written by hand, so the whole corpus is fair for them.
`--with-context` keeps it.

Usage: scripts/clean_corpus_edits.py [--binary PATH] [--threshold X] [--with-context] [--top N]
                                     [--files a,b] [--corpus DIR] [--extra-args=ARGS]
`--extra-args="--dictionary d/news-spinner.dict --exclude news-spinner"` measures a dictionary
being edited elsewhere (a worktree) with a binary built before the edit.
About a minute for the 74M words on two cores.
"""
import argparse, collections, json, os, shlex, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import corpus_split  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "unspin"))
    ap.add_argument("--corpus", default=corpus_split.DEFAULT_CORPUS)
    ap.add_argument("--files", default=",".join(corpus_split.SHIPPABLE + corpus_split.RESEARCH_ONLY))
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--with-context", action="store_true")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--extra-args", default="", help='shell-quoted; use --extra-args="--dictionary F"')
    a = ap.parse_args()
    args = ["check", "--no-config", "--format", "jsonl"]
    if a.threshold is not None:
        args += ["--threshold", str(a.threshold)]
    if not a.with_context:
        args += ["--exclude", "context"]
    args += shlex.split(a.extra_args)
    print(f"unspin {a.binary} {' '.join(args[1:])}")
    total_words = total_edits = 0
    entries = collections.Counter()
    example = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.files.split(","):
            # One paragraph per line in the corpus: a blank line between them keeps them apart.
            path = os.path.join(tmp, name.replace(".xz", ""))
            words = 0
            with open(path, "w", encoding="utf-8") as out:
                for line in corpus_split.lines(name, a.corpus):
                    words += len(line.split())
                    out.write(line + "\n\n")
            r = subprocess.run([a.binary, *args, path], capture_output=True)
            if r.returncode not in (0, 1):
                sys.exit(f"unspin check {path} exited {r.returncode}: {r.stderr.decode(errors='replace')[-1000:]}")
            data = open(path, "rb").read()
            edits = 0
            for line in r.stdout.decode().splitlines():
                f = json.loads(line)
                if "start" not in f or f.get("replacement") in (None, f.get("found")):
                    continue
                edits += 1
                key = (f["rule"], f["found"].lower(), f["replacement"], f.get("source") or "")
                entries[key] += 1
                if key not in example:
                    s, e = f["start"], f["end"]
                    example[key] = (data[max(0, s - 50):s].decode(errors="replace").replace("\n", " ")
                                    + "[" + f["found"] + "]" + data[e:e + 30].decode(errors="replace").replace("\n", " "))
            total_words += words
            total_edits += edits
            print(f"  {name:36} {words:>11,} words {edits:>5} edits {10000 * edits / max(words, 1):6.3f} per 10,000")
    print(f"  {'total':36} {total_words:>11,} words {total_edits:>5} edits {10000 * total_edits / max(total_words, 1):6.3f} per 10,000")
    print(f"most frequent ({a.top}):")
    for (rule, found, replacement, source), n in entries.most_common(a.top):
        print(f"  {n:4}  {found} -> {replacement}  ({source or rule})  ...{example[(rule, found, replacement, source)]}...")


if __name__ == "__main__":
    main()
