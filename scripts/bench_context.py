#!/usr/bin/env python3
"""What the context rule costs and does on the benchmark corpus (issue 3: "throughput stays within
2x of the dictionary-only engine").

Runs `unspin check --no-config -j 1 --format jsonl FILE` and the same with `--exclude context`
alternately on each file of .build-bench-data/ (scripts/make_bench_corpus.py), and prints per file
the median wall and CPU (user + sys) seconds of each, the median of the pairwise CPU ratios, and
what the context rule found:
- prose.txt, spun.txt: drawn from the same corpus files as the model's counts (memorised trigrams);
- heldapart.txt, heldapart-spun.txt: text the counts never read (held-apart lines, Reuters,
  Hansard), the fair measure of both cost and accuracy. On the spun file each context finding is
  scored against the clean line (same line number: the spinner never adds a line break) with
  ../shared/eval/score_edits.py: correct when it is one of the line's gold edits.
A context finding in a clean file is a false edit.

Usage: scripts/bench_context.py [--binary PATH] [--pairs N] [--files a,b] [--mb N] [--jsonl]
  --mb N   time only the first N MB of each file (whole paragraphs); the findings are always
           counted on the whole file.
  --jsonl  time corpus mode instead (`check --jsonl text`, what data pipelines run): the timed
           text as one JSON object per document of about 150 words (its lines joined by blank
           lines); the findings are still those of the file.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, ".build-bench-data")
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "eval"))
import score_edits  # noqa: E402

CLEAN_OF = {"spun.txt": "prose.txt", "heldapart-spun.txt": "heldapart.txt"}


def timed(cmd):
    """Wall and CPU seconds of one run (output discarded)."""
    t = time.monotonic()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(cmd, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {code}: {p.stderr.read().decode(errors='replace')[-1000:]}")
    p.stderr.close()
    return wall, usage.ru_utime + usage.ru_stime


def prefix(path, mb, tmp):
    """The first `mb` MB of `path`, cut after a blank line, as a file in `tmp` (or `path` itself)."""
    if not mb:
        return path
    data = open(path, "rb").read(int(mb * 1_000_000) + 200_000)
    cut = data.rfind(b"\n\n", 0, int(mb * 1_000_000))
    out = os.path.join(tmp, os.path.basename(path))
    with open(out, "wb") as f:
        f.write(data[:cut + 2] if cut > 0 else data)
    return out


def as_jsonl(path, tmp, words_per_document=150):
    """`path` as corpus-mode input in `tmp`: one {"text": ...} line per document of its non-empty
    lines, each document closed once it has `words_per_document` words."""
    out = os.path.join(tmp, os.path.basename(path) + ".jsonl")
    with open(path, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as w:
        document, words = [], 0
        for line in f:
            if not line.strip():
                continue
            document.append(line.rstrip("\n"))
            words += len(line.split())
            if words >= words_per_document:
                w.write(json.dumps({"text": "\n\n".join(document)}) + "\n")
                document, words = [], 0
        if document:
            w.write(json.dumps({"text": "\n\n".join(document)}) + "\n")
    return out


def context_findings(binary, path):
    r = subprocess.run([binary, "check", "--no-config", "--format", "jsonl", path], capture_output=True)
    if r.returncode not in (0, 1):
        sys.exit(f"unspin check {path} exited {r.returncode}")
    return [f for f in map(json.loads, r.stdout.decode().splitlines()) if f.get("rule") == "context"]


def score_findings(findings, spun_path, clean_path):
    """How many context findings in the spun file are gold edits of their line."""
    spun = open(spun_path, encoding="utf-8").read().split("\n")
    clean = open(clean_path, encoding="utf-8").read().split("\n")
    if len(spun) != len(clean):
        sys.exit(f"{spun_path} and {clean_path} differ in line count")
    starts, offset = [], 0
    for line in spun:
        starts.append(offset)
        offset += len(line.encode("utf-8")) + 1
    correct = 0
    for f in findings:
        i = f["line"] - 1
        raw = spun[i].encode("utf-8")
        a, b = f["start"] - starts[i], f["end"] - starts[i]
        fixed = (raw[:a] + f["replacement"].encode("utf-8") + raw[b:]).decode("utf-8")
        s = score_edits.tokens(spun[i])
        gold = set(score_edits.edits(s, score_edits.tokens(clean[i])))
        mine = score_edits.edits(s, score_edits.tokens(fixed))
        correct += len(mine) == 1 and mine[0] in gold
    return correct


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "unspin"))
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--files", default="prose.txt,spun.txt,heldapart.txt,heldapart-spun.txt")
    ap.add_argument("--mb", type=float, default=0)
    ap.add_argument("--jsonl", action="store_true", help="time corpus mode (see above)")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(DATA, "heldapart.txt")):
        sys.exit("bench_context.py: no .build-bench-data/heldapart.txt; run scripts/make_bench_corpus.py --force")
    base = [a.binary, "check", "--no-config", "-j", "1", "--format", "jsonl"]
    if a.jsonl:
        base += ["--jsonl", "text"]
    print(f"unspin {a.binary}; {a.pairs} alternating pairs per file, -j 1" + (f", first {a.mb} MB" if a.mb else "")
          + (", corpus mode (documents of ~150 words)" if a.jsonl else ""))
    print(f"{'file':20} {'MB':>6} {'check s':>8} {'CPU s':>7} {'--exclude context s':>20} {'CPU s':>7} "
          f"{'CPU ratio':>9}  context findings")
    with tempfile.TemporaryDirectory() as tmp:
        for name in a.files.split(","):
            path = os.path.join(DATA, name)
            timed_path = prefix(path, a.mb, tmp)
            timed_input = as_jsonl(timed_path, tmp) if a.jsonl else timed_path
            runs = {"full": [], "dict": []}
            for _ in range(a.pairs):
                runs["full"].append(timed(base + [timed_input]))
                runs["dict"].append(timed(base + ["--exclude", "context", timed_input]))
            med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
            ratio = statistics.median(f[1] / d[1] for f, d in zip(runs["full"], runs["dict"]))
            found = context_findings(a.binary, path)
            if name in CLEAN_OF:
                what = f"{len(found)}, {score_findings(found, path, os.path.join(DATA, CLEAN_OF[name]))} correct"
            else:
                what = f"{len(found)} (clean text: all false)"
            print(f"{name:20} {os.path.getsize(timed_path) / 1e6:6.1f} {med['full'][0]:8.2f} {med['full'][1]:7.2f} "
                  f"{med['dict'][0]:20.2f} {med['dict'][1]:7.2f} {ratio:9.2f}x  {what}", flush=True)


if __name__ == "__main__":
    main()
