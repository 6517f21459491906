#!/usr/bin/env python3
"""Measure unspin on the seed article, simulated spinners, clean text and unseen tortured phrases.

Usage:
    python3 scripts/evaluate_context.py [--binary PATH] [--data DIR] [--quick] [--curve]
        [--thresholds 0.3,0.4,...] [--threshold X] [--env KEY=VALUE ...] [--extra-args=ARGS]
        [--sets seed,probe,probe-politics,seo,spinbot,wordnet,clean,clean-wide,fortunes,jargon,spinner-mixed,spinner-between,tortured,tortured-carrier,tortured-mixed]
        [--show]
        [--show-fp SET ...] [--json PATH] [--shared DIR]

Examples:
    python3 scripts/evaluate_context.py                        # everything, default threshold
    python3 scripts/evaluate_context.py --quick --curve        # fast iteration with the P/R curve
    python3 scripts/evaluate_context.py --env UNSPIN_MODEL=/tmp/m.bin --json /tmp/eval.json
    python3 scripts/evaluate_context.py --extra-args="--only news-spinner" --sets seed,clean --show

What it does:
- The binary (default <project>/.build/release/unspin) is copied to a temporary directory first,
  so a rebuild during the run does not change what is measured. --env KEY=VALUE (repeatable) is
  added to its environment (the engine reads UNSPIN_MODEL=path for an alternative model);
  --extra-args (one shell-quoted string; write it as --extra-args="..." when it starts with "-")
  is appended to every `unspin fix` call; --threshold X passes --threshold X.
- seed: `unspin fix < seed/spun-part1.txt`, scored with eval/score_edits.py's score() against
  seed/reference-part1.txt (correction and detection precision/recall).
- probe, probe-politics: scripts/probes/news-60 (60 spun news lines of every topic) and
  scripts/probes/politics-40 (40 of political and diplomatic news), written without sight of the
  list or the seed (their README.md), each fixed as one document and scored like the seed. Held
  out: measure with them, never choose entries from them.
- seo, spinbot, wordnet (simulated spinners, see scripts/simulate_spin.py): corpus mode,
  `unspin fix --jsonl text < spun.jsonl`, so each document is analysed on its own; each output
  line's "text" is the correction. Scored per document with score_edits' tokens()/edits()/
  overlaps() (the same definitions as score()) and the counts summed over documents.
- clean: held-apart documents that were never spun (clean.jsonl), `unspin fix --jsonl text`;
  every edit (score_edits.edits between input and output tokens) is a false edit. Reported per
  10,000 words (whitespace-separated words of the input). --show prints each with context.
- clean-wide: every held-apart line of the six corpus files (scripts/corpus_split.py; the whole
  of Reuters and Hansard), cut into documents of WIDE_DOCUMENT_WORDS words, ~6M words, without the
  paragraphs of the fit's documents (.build-model/train*, when present). Reported like clean. The
  300 clean documents above hold no list-like text; here parliamentary minutes ("Motion No. 3
  negatived" down a page) showed that repeated odd lines read as a densely spun document.
- fortunes, jargon: clean prose from outside the counts' domain (scripts/out_of_domain.py): the
  evaluation half of the Debian fortune files (the other half is fitted on) and the Jargon File
  (never fitted on); reported like clean. Skipped, with a note, when their packages are missing
  (`apt-get install fortunes fortune-anarchism jargon-text`).
- spinner-mixed: the clean documents, each with a last paragraph of news-spinner phrases
  (SPINNER_PARAGRAPHS, six to eight strong findings): a page where one paragraph was spun, or an
  article that names spinner phrases without quoting them. The document gate then finds the whole
  document spun, so its clean part is read as spun text is. The added paragraph is cut from input
  and output before scoring; every edit left is false. Reported like clean.
- spinner-between: the clean documents two by two, as one page with a paragraph of
  SPINNER_PARAGRAPHS between them (a file of articles of which one is spun, or a quoted spun
  passage). Scored like spinner-mixed, without the middle paragraph. The context rule's
  neighbourhood (NeighbourhoodDensity.neighbourhoodWords) was chosen on spinner-mixed; this set
  checks it where the spun paragraph has clean text on both sides.
- tortured: unseen tortured phrases (PPS pairs held out of the evaluation model by
  corpus_split.pps_held_out) placed in held-apart text, run with `--exclude tortured-phrases` so
  the built-in PPS dictionary cannot find them. Detection recall = placed phrases overlapped by a
  system edit / placed phrases; detection precision = system edits overlapping a placed phrase /
  all system edits in those documents; correction recall = placed phrases whose gold edits the
  system made exactly; correction precision = system edits equal to a gold edit / system edits.
  tortured-carrier is the same on the fallback subset (phrases not found in natural text, put in a
  fixed carrier sentence); it is reported separately and is not natural text.
  tortured-mixed is the tortured set with a last paragraph of two sentences (MIXED_SENTENCES), each
  with a tortured phrase the list does know: the situation of a paper that uses listed tortured
  phrases and unseen ones. It runs with `--dictionary` of the built-in list without the held-out
  pairs (and without any entry for a document's unseen phrase), renamed tortured-phrases-known and
  still `@kind tortured-phrases`; the added paragraph is cut from input, reference and output before
  scoring, so only the unseen phrase is gold and edits elsewhere in the document are false.
- --curve: the same at each --thresholds value (default 0.3,0.4,0.5,0.6,0.7,0.8,0.9) for seed,
  each family, clean and tortured.
- --quick: an evenly spaced subset (60 documents per family and for clean, 80 tortured, 60
  carrier) for fast iteration; the full set is 300/300/~265/300.
- --data DIR: simulated data (default <project>/.build-eval/sim). If DIR/manifest.json is missing,
  `scripts/simulate_spin.py --out DIR` is run first (about two and a half minutes).
- --calibration: whether a confidence means what it says. Each family's documents go through
  `unspin check --jsonl text --format jsonl --threshold 0.05` (all findings, applied or not); a
  finding is correct when applying it alone makes only gold edits (fit_context_model.label_rows,
  the fitting script's own label). Prints, per confidence band of 0.1, the share correct per family
  for the context rule and for all rules, and the expected calibration error (the mean gap between
  confidence and share correct, weighted by findings); and how many wrong context restorations at
  the default threshold have the original among their alternatives.
- Prints a compact table; --json PATH writes everything (including the curve) as JSON.

Time: the binary runs once per set (and once more per set and threshold with --curve) on about
230,000 words in all; scoring in Python takes a few seconds. With the binary of 2026-11-29 08:09
(context engine, sha256 c63ca586...) a full run takes about 20 seconds, --curve about 3 minutes,
--quick about 5 seconds, --quick --curve about 40 seconds (start-up cost per call dominates).
"""
import argparse, atexit, hashlib, json, os, re, shlex, shutil, subprocess, sys, tempfile, time

import out_of_domain
from corpus_split import read_jsonl

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FAMILIES = ("seo", "spinbot", "wordnet")
TORTURED_SETS = ("tortured", "tortured-carrier", "tortured-mixed")
# Clean text never spun: held-apart news and debates, then out-of-domain prose (out_of_domain.py).
CLEAN_SETS = ("clean", "clean-wide", "fortunes", "jargon", "spinner-mixed", "spinner-between")
WIDE_DOCUMENT_WORDS = 400
# Held-out probes of the news spinner (scripts/probes/*/README.md): set name -> directory.
PROBES = {"probe": os.path.join(HERE, "probes", "news-60"),
          "probe-politics": os.path.join(HERE, "probes", "politics-40")}
# Sets of one spun text each, fixed as one document and scored like the seed (no simulated data).
DOCUMENT_SETS = ("seed",) + tuple(PROBES)
ALL_SETS = DOCUMENT_SETS + FAMILIES + CLEAN_SETS + TORTURED_SETS
QUICK = {"family": 60, "clean": 60, "tortured": 80, "tortured-carrier": 60, "tortured-mixed": 80}
# tortured-mixed: listed tortured phrases put in each document besides its unseen one, each in a
# neutral sentence of its own appended as a last paragraph.
MIXED_SENTENCES = ("The authors report results on {x} in the final section.",
                   "Earlier work on {x} is reviewed in the appendix.")
# spinner-mixed: a last paragraph of news-spinner phrases (six to eight strong findings each), one
# of these by turns, after each clean document.
SPINNER_PARAGRAPHS = (
    "Wall Road fell as soon as once more for the reason that the Chilly Battle ended, and the Division of "
    "State stated final week that the level man had got here residence.",
    "The unemployment charge rose as soon as once more, and well being officers stated most cancers "
    "circumstances had risen for the reason that pandemic started.")
DEFAULT_THRESHOLD = 0.6  # Unspinner.Options.defaultThreshold


def load_score_edits(shared):
    sys.path.insert(0, os.path.join(shared, "eval"))
    import score_edits
    return score_edits



def spread(rows, n):
    if n is None or len(rows) <= n:
        return rows
    step = len(rows) / n
    return [rows[int(i * step)] for i in range(n)]


def prf(tp_p, n_p, tp_r, n_r):
    p = tp_p / n_p if n_p else 1.0
    r = tp_r / n_r if n_r else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


class Runner:
    def __init__(self, binary, env, extra):
        self.tmp = tempfile.mkdtemp(prefix="unspin-eval-")
        atexit.register(shutil.rmtree, self.tmp, True)
        self.binary = os.path.join(self.tmp, "unspin")
        shutil.copy2(binary, self.binary)
        with open(self.binary, "rb") as f:
            self.sha256 = hashlib.sha256(f.read()).hexdigest()
        self.env = dict(os.environ)
        self.env.update(env)
        self.env_extra = " ".join(f"{k}={v}" for k, v in env.items()) or "unchanged"
        self.extra = extra
        self.seconds = 0.0

    def run(self, args, data, command="fix"):
        """`unspin COMMAND ARGS` on `data`; stops the evaluation when it fails (`check`'s exit
        status 1 only says it found something)."""
        t = time.time()
        r = subprocess.run([self.binary, command, *args, *self.extra], input=data, env=self.env,
                           capture_output=True)
        self.seconds += time.time() - t
        if r.returncode not in ((0, 1) if command == "check" else (0,)):
            sys.exit(f"unspin {command} {' '.join(args + self.extra)} (env {self.env_extra}) failed (exit {r.returncode}):\n"
                     f"{r.stderr.decode(errors='replace')[-2000:]}")
        return r.stdout

    def corpus(self, command, rows, args):
        """Corpus mode: one {"id", "text"} line per document in, the output objects back (the
        same number, ids in order)."""
        data = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n"
                       for r in rows).encode("utf-8")
        out = [json.loads(line) for line in self.run(["--jsonl", "text", *args], data, command).decode("utf-8").splitlines()
               if line.strip()]
        if len(out) != len(rows) or any(o.get("id") != r["id"] for o, r in zip(out, rows)):
            sys.exit(f"unspin {command} --jsonl returned {len(out)} lines for {len(rows)} documents, or ids out of order")
        return out

    def fix_docs(self, rows, args):
        """The corrected texts of the documents."""
        return [o["text"] for o in self.corpus("fix", rows, args)]

    def check_docs(self, rows, args):
        """Each document's findings (byte offsets into its text)."""
        return [o["unspin"]["findings"] for o in self.corpus("check", rows, ["--format", "jsonl", *args])]


def threshold_args(t):
    return [] if t is None else ["--threshold", str(t)]


# ---------------------------------------------------------------- measurements

def eval_seed(se, runner, shared, t):
    seed = os.path.join(shared, "seed")
    return eval_document(se, runner, os.path.join(seed, "spun-part1.txt"), os.path.join(seed, "reference-part1.txt"), t)


def eval_document(se, runner, spun_path, ref_path, t):
    """One spun text, fixed as one document and scored against its reference (the seed, the probe)."""
    with open(spun_path, encoding="utf-8") as f:
        spun = f.read()
    with open(ref_path, encoding="utf-8") as f:
        ref = f.read()
    out = runner.run(threshold_args(t), spun.encode("utf-8")).decode("utf-8", errors="replace")
    s = se.score(spun, ref, out)
    return {"documents": 1, "words": len(spun.split()), "gold_edits": s["gold_edits"],
            "system_edits": s["system_edits"], "correct": s["correct"],
            "correction": s["correction"], "detection": s["detection"]}


def score_docs(se, spun_rows, ref_rows, outs, show=None, name=""):
    gold_n = sys_n = corr = det_sys = det_gold = words = 0
    for sp, rf, out in zip(spun_rows, ref_rows, outs):
        s = se.tokens(sp["text"])
        gold = se.edits(s, se.tokens(rf["text"]))
        sysd = se.edits(s, se.tokens(out))
        gold_set = set(gold)
        gold_n += len(gold)
        sys_n += len(sysd)
        corr += sum(1 for e in sysd if e in gold_set)
        det_sys += sum(1 for e in sysd if any(se.overlaps(e, g) for g in gold))
        det_gold += sum(1 for g in gold if any(se.overlaps(e, g) for e in sysd))
        words += len(rf["text"].split())
        if show:
            for e in sysd:
                if not any(se.overlaps(e, g) for g in gold):
                    print(f"  [{name} false edit] {sp['id']}: {context(s, e)}")
    return {"documents": len(spun_rows), "words": words, "gold_edits": gold_n, "system_edits": sys_n,
            "correct": corr, "correction": prf(corr, sys_n, corr, gold_n),
            "detection": prf(det_sys, sys_n, det_gold, gold_n)}


def context(toks, e, width=8):
    i1, i2, repl = e
    left = " ".join(toks[max(0, i1 - width):i1])
    right = " ".join(toks[i2:i2 + width])
    return f"...{left} [{' '.join(toks[i1:i2])} -> {' '.join(repl)}] {right}..."


def eval_family(se, runner, data, name, t, limit, show=False):
    spun = read_jsonl(os.path.join(data, name, "spun.jsonl"))
    ref = read_jsonl(os.path.join(data, name, "reference.jsonl"))
    assert [r["id"] for r in spun] == [r["id"] for r in ref], name
    idx = spread(list(range(len(spun))), limit)
    spun, ref = [spun[i] for i in idx], [ref[i] for i in idx]
    outs = runner.fix_docs(spun, threshold_args(t))
    return score_docs(se, spun, ref, outs, show, name)


def without_paragraph(text, k=-1):
    """`text` without its paragraph number `k` (0-based, as a list index: -1, the default, is the
    paragraph a mixed set added at its end; paragraphs as "\n\n" separates them)."""
    paragraphs = text.split("\n\n")
    del paragraphs[k]
    return "\n\n".join(paragraphs)


def eval_clean(se, runner, data, t, limit, show=False, name="clean"):
    """False edits on clean text: `name` is "clean" (held-apart documents of the simulation data)
    or an out-of-domain set of out_of_domain.py (None when its Debian package is missing)."""
    if name in ("clean", "spinner-mixed", "spinner-between"):
        rows = read_jsonl(os.path.join(data, "clean.jsonl"))
        source_of = lambda id_: id_.rsplit("-", 1)[0]  # noqa: E731
    elif name == "clean-wide":
        rows = wide_clean_documents()
        source_of = lambda id_: id_.split(":", 1)[0]  # noqa: E731
    else:
        rows = out_of_domain.documents(name)
        if not rows:
            print(f"{name}: skipped (apt-get install {out_of_domain.PACKAGES[name]}, or scripts/setup.sh --eval)", file=sys.stderr)
            return None
        source_of = lambda id_: id_.split(":", 1)[0].split("/")[-1]  # noqa: E731
    rows = spread(rows, limit)
    # The paragraph number of the spinner's paragraph in each document, for the mixed sets.
    added = None
    if name == "spinner-mixed":
        rows = [dict(r, text=r["text"] + "\n\n" + SPINNER_PARAGRAPHS[k % len(SPINNER_PARAGRAPHS)])
                for k, r in enumerate(rows)]
        added = [r["text"].count("\n\n") for r in rows]
    elif name == "spinner-between":
        pairs = list(zip(rows[0::2], rows[1::2]))
        rows = [dict(a, text=a["text"] + "\n\n" + SPINNER_PARAGRAPHS[k % len(SPINNER_PARAGRAPHS)] + "\n\n" + b["text"])
                for k, (a, b) in enumerate(pairs)]
        added = [a["text"].count("\n\n") + 1 for a, _ in pairs]
    outs = runner.fix_docs(rows, threshold_args(t))
    words = edits = 0
    by_source = {}
    for k, (r, out) in enumerate(zip(rows, outs)):
        if added:  # the spinner's paragraph is not scored
            r = dict(r, text=without_paragraph(r["text"], added[k]))
            out = without_paragraph(out, added[k])
        s = se.tokens(r["text"])
        e = se.edits(s, se.tokens(out))
        w = len(r["text"].split())
        words += w
        edits += len(e)
        src = source_of(r["id"])
        b = by_source.setdefault(src, {"words": 0, "edits": 0})
        b["words"] += w
        b["edits"] += len(e)
        if show:
            for x in e:
                print(f"  [{name} false edit] {r['id']}: {context(s, x)}")
    for b in by_source.values():
        b["per_10k_words"] = round(10000 * b["edits"] / b["words"], 2) if b["words"] else 0.0
    return {"documents": len(rows), "words": words, "edits": edits,
            "per_10k_words": round(10000 * edits / words, 2) if words else 0.0, "by_source": by_source}


def wide_clean_documents(words=WIDE_DOCUMENT_WORDS):
    """Documents of about `words` words from every held-apart line of the corpus, in order,
    without the paragraphs of the context model fit's documents (.build-model/train*)."""
    import corpus_split
    root = os.path.join(HERE, "..", ".build-model")
    fitted = set()
    for folder in ("train", "train-light"):
        for dirpath, _, files in os.walk(os.path.join(root, folder)):
            for f in files:
                if f in ("clean.jsonl", "reference.jsonl"):
                    for row in read_jsonl(os.path.join(dirpath, f)):
                        fitted.update(p.strip() for p in row["text"].split("\n\n"))
    if not fitted:
        print("clean-wide: no .build-model/train (scripts/fit_context_model.py makes it); the fit's paragraphs are not left out",
              file=sys.stderr)
    rows = []
    for name in corpus_split.SHIPPABLE + corpus_split.RESEARCH_ONLY:
        lines = (line for line in corpus_split.held_apart_lines(name) if line.strip() and line.strip() not in fitted)
        rows += out_of_domain.documents_of(lines, name.split(".")[0], words)
    return rows


def known_tortured_dictionary(se, runner, shared, unseen):
    """The built-in tortured-phrase dictionary without the pairs evaluation holds out
    (corpus_split.pps_held_out) and without any entry for an `unseen` phrase, written to the
    runner's directory under another name; and its plain entries (no conditions, confidence
    0.95, two to four words, from neither held-out fold) to put in documents as listed phrases."""
    sys.path.insert(0, HERE)
    import corpus_split
    from build_tortured_phrases import normalise
    held = set()
    with open(os.path.join(shared, "data", "tortured-phrases.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 2 and corpus_split.pps_fold(cols[0], cols[1]) in (0, corpus_split.PPS_DEV_FOLD):
                held.add(" ".join(se.tokens(normalise(cols[0]))))
    held |= {" ".join(se.tokens(u)) for u in unseen}
    out, listed, skip = [], [], False
    with open(os.path.join(ROOT, "dictionaries", "tortured-phrases.dict"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("@name "):
                line = "@name tortured-phrases-known\n"
            head, arrow, rest = line.partition(" => ")
            if arrow and not line[0].isspace() and not line.startswith("#"):
                # A number variant or spaced form made from a held-out phrase goes with it.
                made_from = re.findall(r'(?:of the listed|spaced form of) "([^"]+)"', rest)
                skip = " ".join(se.tokens(head)) in held or any(" ".join(se.tokens(m)) in held for m in made_from)
                if not skip and "|" not in rest and 2 <= len(head.split()) <= 4 and head.isascii():
                    listed.append((head, rest.strip()))
            elif not line[:1].isspace():
                skip = False
            if not skip:
                out.append(line)
    path = os.path.join(runner.tmp, "tortured-phrases-known.dict")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))
    return path, listed


def mixed_documents(spun, ref, listed):
    """Each document with two listed tortured phrases added in a last paragraph (the same in the
    reference, with their originals): the situation of a paper that uses known tortured phrases
    and unseen ones."""
    out_s, out_r = [], []
    for k, (sp, rf) in enumerate(zip(spun, ref)):
        pairs = [listed[(7919 * k + j * 104729) % len(listed)] for j in range(2)]
        add_s = " ".join(t.replace("{x}", p[0]) for t, p in zip(MIXED_SENTENCES, pairs))
        add_r = " ".join(t.replace("{x}", p[1]) for t, p in zip(MIXED_SENTENCES, pairs))
        out_s.append(dict(sp, text=sp["text"] + "\n\n" + add_s, listed=True))
        out_r.append(dict(rf, text=rf["text"] + "\n\n" + add_r))
    return out_s, out_r


def tortured_source(data, name):
    """The simulation folder a tortured set reads (tortured-mixed adds to the tortured documents)."""
    return os.path.join(data, "tortured" if name == "tortured-mixed" else name)


def eval_tortured(se, runner, data, name, t, limit, show=False, shared=None):
    spun = read_jsonl(os.path.join(tortured_source(data, name), "spun.jsonl"))
    ref = read_jsonl(os.path.join(tortured_source(data, name), "reference.jsonl"))
    idx = spread(list(range(len(spun))), limit)
    spun, ref = [spun[i] for i in idx], [ref[i] for i in idx]
    args = ["--exclude", "tortured-phrases", *threshold_args(t)]
    if name == "tortured-mixed":
        dictionary, listed = known_tortured_dictionary(se, runner, shared, [sp["tortured"] for sp in spun])
        spun, ref = mixed_documents(spun, ref, listed)
        args += ["--dictionary", dictionary]
    outs = runner.fix_docs(spun, args)
    placed = detected = corrected = sys_n = sys_on = sys_exact = 0
    missed = []
    for sp, rf, out in zip(spun, ref, outs):
        if sp.get("listed"):  # the paragraph of listed phrases is not scored
            sp = dict(sp, text=without_paragraph(sp["text"]))
            rf = dict(rf, text=without_paragraph(rf["text"]))
            out = without_paragraph(out)
        s = se.tokens(sp["text"])
        i1 = len(se.tokens(sp["text"][:sp["start"]]))
        i2 = i1 + len(se.tokens(sp["text"][sp["start"]:sp["end"]]))
        assert s[i1:i2] == se.tokens(sp["tortured"]), (sp["id"], s[i1:i2], sp["tortured"])
        span = (i1, i2, ())
        gold = se.edits(s, se.tokens(rf["text"]))
        sysd = se.edits(s, se.tokens(out))
        on = [e for e in sysd if se.overlaps(e, span)]
        placed += 1
        detected += bool(on)
        corrected += bool(gold) and all(g in sysd for g in gold)
        sys_n += len(sysd)
        sys_on += len(on)
        sys_exact += sum(1 for e in sysd if e in set(gold))
        if not on:
            missed.append(f"{sp['tortured']} ({sp['expected']})")
        if show:
            for e in sysd:
                if e not in on:
                    print(f"  [{name} false edit] {sp['id']}: {context(s, e)}")
    return {"documents": len(spun), "placed": placed, "detected": detected, "corrected": corrected,
            "system_edits": sys_n, "system_edits_on_phrase": sys_on, "system_edits_exact": sys_exact,
            "detection": {"recall": round(detected / placed, 4) if placed else 1.0,
                          "precision": round(sys_on / sys_n, 4) if sys_n else 1.0},
            "correction": {"recall": round(corrected / placed, 4) if placed else 1.0,
                           "precision": round(sys_exact / sys_n, 4) if sys_n else 1.0},
            "missed_examples": missed[:20]}


def run_all(se, runner, a, data, sets, t, show_fp, show_clean):
    res = {}
    for name in sets:
        t0 = runner.seconds
        if name == "seed":
            res[name] = eval_seed(se, runner, a.shared, t)
        elif name in PROBES:
            res[name] = eval_document(se, runner, os.path.join(PROBES[name], "spun.txt"),
                                      os.path.join(PROBES[name], "reference.txt"), t)
        elif name in FAMILIES:
            res[name] = eval_family(se, runner, data, name, t, QUICK["family"] if a.quick else None,
                                    show=name in show_fp)
        elif name in CLEAN_SETS:
            r = eval_clean(se, runner, data, t, QUICK["clean"] if a.quick else None, show=show_clean, name=name)
            if r is None:
                continue
            res[name] = r
        elif name in TORTURED_SETS:
            if not os.path.exists(os.path.join(tortured_source(data, name), "spun.jsonl")):
                continue
            res[name] = eval_tortured(se, runner, data, name, t, QUICK[name] if a.quick else None,
                                      show=name in show_fp, shared=a.shared)
        res[name]["binary_seconds"] = round(runner.seconds - t0, 2)
    return res


def calibration(runner, data, limit):
    """Per family, findings by confidence band (0.1 wide): [correct, all] for the context rule
    and for every rule."""
    sys.path.insert(0, HERE)
    from fit_context_model import label_rows
    bands = {}
    for name in FAMILIES:
        spun = spread(read_jsonl(os.path.join(data, name, "spun.jsonl")), limit)
        ref = spread(read_jsonl(os.path.join(data, name, "reference.jsonl")), limit)
        table = bands[name] = {"context": [[0, 0] for _ in range(10)], "all": [[0, 0] for _ in range(10)],
                               "alternatives": [0, 0]}
        for s, r, findings in zip(spun, ref, runner.check_docs(spun, ["--threshold", "0.05"])):
            doc = (name, s["text"], r["text"])
            for f, label in zip(findings, label_rows(doc, findings)):
                band = min(9, int(f["confidence"] * 10))
                for rule in ("context", "all"):
                    if rule == "all" or f["rule"] == rule:
                        table[rule][band][0] += label
                        table[rule][band][1] += 1
                # Wrong context restorations at the default threshold, and those whose
                # alternatives hold the original.
                if f["rule"] == "context" and f["confidence"] >= DEFAULT_THRESHOLD and not label:
                    table["alternatives"][1] += 1
                    others = [dict(f, replacement=a) for a in f.get("alternatives", [])]
                    table["alternatives"][0] += any(label_rows(doc, others)) if others else 0
    return bands


def print_calibration(bands):
    print("calibration: share of findings correct by confidence band (check --threshold 0.05)")
    for rule in ("context", "all"):
        print(f"  {'rule ' + rule:<18}" + "".join(f"{name:>14}" for name in bands))
        for band in range(10):
            cells = []
            for name in bands:
                correct, n = bands[name][rule][band]
                cells.append(f"{correct / n:.2f} ({n})" if n else "-")
            if any(c != "-" for c in cells):
                print(f"  {f'[{band / 10:.1f}, {(band + 1) / 10:.1f})':<18}" + "".join(f"{c:>14}" for c in cells))
        ece = []
        for name in bands:
            rows = bands[name][rule]
            total = sum(n for _, n in rows)
            ece.append(sum(abs(c / n - (b + 0.5) / 10) * n for b, (c, n) in enumerate(rows) if n) / max(1, total))
        print(f"  {'calibration error':<18}" + "".join(f"{e:>14.3f}" for e in ece))
    print("  wrong context restorations (confidence >= default) whose alternatives hold the original: "
          + "; ".join(f"{name} {bands[name]['alternatives'][0]} of {bands[name]['alternatives'][1]}" for name in bands))


# ---------------------------------------------------------------- output

def print_table(res, t):
    label = "default" if t is None else str(t)
    print(f"threshold {label}")
    print(f"  {'set':<18}{'docs':>5}{'words':>8}{'gold':>7}{'sys':>6}{'corr':>6}   "
          f"{'corr P':>7}{'corr R':>7}   {'det P':>7}{'det R':>7}")
    for name in DOCUMENT_SETS + FAMILIES:
        if name in res:
            r = res[name]
            print(f"  {name:<18}{r['documents']:>5}{r['words']:>8}{r['gold_edits']:>7}{r['system_edits']:>6}"
                  f"{r['correct']:>6}   {r['correction']['precision']:>7.3f}{r['correction']['recall']:>7.3f}   "
                  f"{r['detection']['precision']:>7.3f}{r['detection']['recall']:>7.3f}")
    for name in TORTURED_SETS:
        if name in res:
            r = res[name]
            print(f"  {name:<18}{r['documents']:>5}{'':>8}{r['placed']:>7}{r['system_edits']:>6}"
                  f"{r['corrected']:>6}   {r['correction']['precision']:>7.3f}{r['correction']['recall']:>7.3f}   "
                  f"{r['detection']['precision']:>7.3f}{r['detection']['recall']:>7.3f}"
                  f"   (--exclude tortured-phrases{' --dictionary <list without held-out pairs>' if name == 'tortured-mixed' else ''}; gold = placed phrases)")
    for name in CLEAN_SETS:
        if name not in res:
            continue
        r = res[name]
        sources, label = sorted(r["by_source"].items()), ""
        if name not in ("clean", "spinner-mixed", "spinner-between"):  # many sources (a fortune file each): only the worst few
            sources, label = sorted(sources, key=lambda kv: -kv[1]["per_10k_words"])[:4], "worst: "
        per = ", ".join(f"{k} {v['per_10k_words']:.2f}" for k, v in sources)
        print(f"  {name:<18}{r['documents']:>5}{r['words']:>8}  edits {r['edits']}, "
              f"{r['per_10k_words']:.2f} per 10,000 words ({label}{per})")


def print_curve(curve):
    ths = curve["thresholds"]
    print("precision/recall curve (correction P/R for seed and families; detection P/R for tortured; "
          "edits per 10k words for clean)")
    print("  " + f"{'set':<18}" + "".join(f"{t:>13}" for t in ths))
    for name, points in curve["sets"].items():
        cells = []
        for p in points:
            if name in CLEAN_SETS:
                cells.append(f"{p['per_10k_words']:>13.2f}")
            elif name in TORTURED_SETS:
                cells.append(f"{p['detection']['precision']:>6.2f}/{p['detection']['recall']:<6.2f}")
            else:
                cells.append(f"{p['correction']['precision']:>6.2f}/{p['correction']['recall']:<6.2f}")
        print("  " + f"{name:<18}" + "".join(c.rjust(13) for c in cells))
        if name in DOCUMENT_SETS + FAMILIES:
            print("  " + f"{'  detection':<18}" + "".join(
                f"{p['detection']['precision']:>6.2f}/{p['detection']['recall']:<6.2f}".rjust(13) for p in points))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "unspin"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--data", default=os.path.join(ROOT, ".build-eval", "sim"))
    ap.add_argument("--env", action="append", default=[], metavar="KEY=VALUE")
    ap.add_argument("--extra-args", default="", help='shell-quoted; use --extra-args="--only x"')
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--curve", action="store_true")
    ap.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7,0.8,0.9")
    ap.add_argument("--sets", default=",".join(ALL_SETS))
    ap.add_argument("--show", action="store_true", help="print each false edit on clean text")
    ap.add_argument("--show-fp", action="append", default=[], metavar="SET",
                    help="print false edits (not overlapping a gold edit) of this set; repeatable")
    ap.add_argument("--calibration", action="store_true",
                    help="also print how often findings are correct by confidence band (families)")
    ap.add_argument("--json", metavar="PATH")
    a = ap.parse_args()

    env = {}
    for kv in a.env:
        k, sep, v = kv.partition("=")
        if not sep:
            sys.exit(f"--env wants KEY=VALUE, got {kv!r}")
        env[k] = v
    sets = [s for s in a.sets.split(",") if s]
    for s in sets:
        if s not in ALL_SETS:
            sys.exit(f"unknown set {s!r}; choose from {','.join(ALL_SETS)}")
    if not os.path.exists(a.binary):
        sys.exit(f"no binary at {a.binary}")
    if any(s not in DOCUMENT_SETS for s in sets) and not os.path.exists(os.path.join(a.data, "manifest.json")):
        print(f"no simulated data in {a.data}; running simulate_spin.py (about two and a half minutes)...",
              file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(HERE, "simulate_spin.py"), "--out", a.data,
                        "--shared", a.shared], check=True)
    se = load_score_edits(a.shared)
    runner = Runner(a.binary, env, shlex.split(a.extra_args))
    t0 = time.time()

    manifest = {}
    if os.path.exists(os.path.join(a.data, "manifest.json")):
        with open(os.path.join(a.data, "manifest.json")) as f:
            manifest = json.load(f)
    result = {"binary": os.path.abspath(a.binary), "binary_sha256": runner.sha256, "env": env,
              "extra_args": runner.extra, "threshold": a.threshold, "quick": a.quick,
              "data": os.path.abspath(a.data), "simulation": manifest}
    print(f"unspin {a.binary} (sha256 {runner.sha256[:12]}){' env ' + ' '.join(a.env) if a.env else ''}"
          f"{' extra ' + a.extra_args if a.extra_args else ''}{' [quick]' if a.quick else ''}")
    res = run_all(se, runner, a, a.data, sets, a.threshold, set(a.show_fp), a.show)
    result["results"] = res
    print_table(res, a.threshold)
    if a.curve:
        ths = [float(x) for x in a.thresholds.split(",") if x]
        curve = {"thresholds": ths, "sets": {}}
        for t in ths:
            r = run_all(se, runner, a, a.data, sets, t, set(), False)
            for name, v in r.items():
                v = dict(v)
                v.pop("missed_examples", None)
                v.pop("by_source", None)
                curve["sets"].setdefault(name, []).append(dict(v, threshold=t))
        result["curve"] = curve
        print_curve(curve)
    if a.calibration:
        result["calibration"] = calibration(runner, a.data, QUICK["family"] if a.quick else None)
        print_calibration(result["calibration"])
    result["seconds"] = round(time.time() - t0, 1)
    result["binary_seconds"] = round(runner.seconds, 1)
    print(f"done in {result['seconds']}s ({result['binary_seconds']}s in unspin)")
    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1)
        print(f"wrote {a.json}")


if __name__ == "__main__":
    main()
