#!/usr/bin/env python3
"""Measure unspin: restoration precision/recall on the seed article and false edits on clean text.

Usage: scripts/evaluate.py [--binary PATH] [--shared DIR] [--words N] [--show] [--threshold X] [--extra-args=ARGS]

- Seed: `unspin < seed/spun-part1.txt`, scored with eval/score_edits.py against the reference.
- Clean text: a fixed, reproducible sample of N words (default 20,000) from each corpus file in
  shared/corpus/ (every k-th paragraph from the end of the file, so the sample is spread out), run
  through `unspin check --format jsonl`; reports applied edits per 10,000 words at the default
  threshold. --show prints every clean-text edit, for reviewing false positives.
- --extra-args: more options for every unspin run, one shell-quoted string (write it as
  --extra-args="--enable collocation" when it starts with "-").
"""
import argparse, json, lzma, os, shlex, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def sample(path, words):
    lines = lzma.open(path, "rt", encoding="utf-8").read().splitlines()
    out, count, step = [], 0, max(1, len(lines) // 4000)
    for line in reversed(lines[::step]):
        out.append(line)
        count += len(line.split())
        if count >= words:
            break
    return "\n\n".join(out) + "\n", count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(root, ".build", "release", "unspin"))
    ap.add_argument("--shared", default=os.path.join(root, "..", "shared"))
    ap.add_argument("--words", type=int, default=20000)
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--extra-args", default="", help='shell-quoted; use --extra-args="--enable collocation"')
    a = ap.parse_args()
    extra = (["--threshold", str(a.threshold)] if a.threshold is not None else []) + shlex.split(a.extra_args)

    seed = os.path.join(a.shared, "seed")
    spun, ref = os.path.join(seed, "spun-part1.txt"), os.path.join(seed, "reference-part1.txt")
    with open(spun, "rb") as f:
        fixed = subprocess.run([a.binary, "fix", *extra], stdin=f, capture_output=True, check=True).stdout
    with tempfile.NamedTemporaryFile("wb", suffix=".txt", delete=False) as out:
        out.write(fixed)
    score = json.loads(subprocess.run([sys.executable, os.path.join(a.shared, "eval", "score_edits.py"), spun, ref, out.name],
                                      capture_output=True, check=True, text=True).stdout)
    os.unlink(out.name)
    c = score["correction"]
    print(f"seed part 1: correction precision {c['precision']:.3f} recall {c['recall']:.3f} "
          f"({score['correct']}/{score['gold_edits']} gold edits, {score['system_edits']} system edits); "
          f"detection precision {score['detection']['precision']:.3f} recall {score['detection']['recall']:.3f}")

    total_words = total_edits = 0
    corpus = os.path.join(a.shared, "corpus")
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".txt.xz"):
            continue
        text, words = sample(os.path.join(corpus, name), a.words)
        r = subprocess.run([a.binary, "check", "--format", "jsonl", "-", *extra], input=text.encode(), capture_output=True)
        edits = [json.loads(l) for l in r.stdout.decode().splitlines() if l.strip()]
        edits = [e for e in edits if "rule" in e and e.get("replacement") not in (None, e.get("found"))]
        total_words += words
        total_edits += len(edits)
        print(f"clean {name}: {words} words, {len(edits)} edits, {10000 * len(edits) / words:.2f} per 10,000 words")
        if a.show:
            for e in edits:
                line = text.splitlines()[e["line"] - 1]
                print(f"    {e['found']!r} -> {e['replacement']!r} ({e['confidence']}): ...{line[max(0, e['column'] - 60):e['column'] + 60]}...")
    print(f"clean total: {total_words} words, {total_edits} edits, {10000 * total_edits / total_words:.2f} per 10,000 words")


if __name__ == "__main__":
    main()
