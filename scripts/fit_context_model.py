#!/usr/bin/env python3
"""Fit the context model's logistic coefficients on simulated spinning.

Usage: scripts/fit_context_model.py [--binary .build/release/unspin] [--docs 400] [--write]

1. Simulates spinning (scripts/simulate_spin.py, families seo, spinbot, wordnet, plus clean
   documents) on held-apart text with its own seed, into .build-model/train; documents that
   share a paragraph with the evaluation set (.build-eval/sim) are dropped, so fitting and
   evaluation never see the same text. The n-gram counts never saw any of it
   (scripts/corpus_split.py). Out-of-domain clean documents join them: the fitting half of the
   Debian fortune files (scripts/out_of_domain.py; `apt-get install fortunes fortune-anarchism`).
   Clean news alone taught stage 2 that a document whose words the counts never saw is spun:
   literary prose got 1.1 false edits per 10,000 words ("staggered" -> "went"). Their positions
   weigh OUT_OF_DOMAIN_WEIGHT (--out-of-domain-weight) of the clean weight in stage 2; stage 1
   (which original) is fitted on the simulated documents' candidates alone. Lightly spun documents
   (--light-docs per family, one swap in 1/LIGHT_RATE words, .build-model/train-light, seed + 1)
   join the spun ones, so that a document with few anomalies is not taken for a clean one.
   Documents spun with the news spinner's own word swaps (--news-docs, .build-model/train-news,
   seed + 3: simulate_spin.py's news family) join stage 1 only, so that it learns what the
   channel's curated swaps are worth (see NEWS_DOCS).
2. Runs `unspin explain --features` on every document: each candidate the engine weighs, with
   its features (ContextScorer.featureNames), the document evidence it gets (none outside the
   paragraphs with a strong finding) and the anomaly density it is weighed at (its paragraph
   neighbourhood's, at most the document's: NeighbourhoodDensity).
3. Labels a candidate 1 when applying it alone makes exactly gold edits (the official scorer's
   alignment, ../shared/eval/score_edits.py), else 0.
4. Fits a logistic regression (Newton's method, L2 0.5) on 80% of the documents and reports
   the log loss and the precision/recall of "best candidate per word ≥ p" on the other 20%.
5. With --write, writes Sources/UnspinKit/Context/ContextCoefficients.swift (rebuild to use it).
The features come from the binary, so rebuild first when the scorer changes; fitting twice
(fit, rebuild, fit) settles the document evidence, which depends on the coefficients.
Takes about a minute on the 2-core machine (features of ~3,000 documents, labels, fits), a minute or two more the first
time (simulation).
"""
import argparse, json, os, subprocess, sys, tempfile, time
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(ROOT, "..", "shared")
sys.path.insert(0, os.path.join(SHARED, "eval"))
import score_edits  # noqa: E402
import out_of_domain  # noqa: E402
from corpus_split import read_jsonl  # noqa: E402

FAMILIES = ("seo", "spinbot", "wordnet")
CLEAN_WEIGHT = 30.0
# Out-of-domain clean documents (scripts/out_of_domain.py: the fitting half of the fortune files)
# weigh this share of CLEAN_WEIGHT: see the docstring.
OUT_OF_DOMAIN_WEIGHT = 1.0
# Documents spun by the paper mills' word swaps (simulate_spin.py's pps family), --pps-docs N:
# off by default. The three families above never write a tortured-phrase swap, so stage 1 gives the
# channel's tortured-phrase count no weight (0.005); with 400 pps documents it gets 0.96, yet unseen
# tortured phrases went from 0.878/0.136 to 0.884/0.143 (detection P/R, evaluate_context.py
# --sets tortured with the evaluation model) while SEO fell 0.890/0.226 -> 0.886/0.212, the seed
# 0.903 -> 0.875 precision and clean-wide rose 11 -> 28 edits (sixteenth session; the same with the
# pps documents kept out of stage 2). Stage 2 keeps a lone odd word in a clean-looking document,
# whatever its channel says: dictionaries/MODEL.md, "What limits recall".
PPS_DOCS = 0
# Documents spun by the news spinner's own word swaps (simulate_spin.py's news family: the swaps
# two or more entries of news-spinner.dict make, "battle" for "war", which the model's channel marks
# curated), --news-docs N. The thesaurus families never make them, so fitted on those alone stage 1
# gave the curated feature 0.96 and left "longest [battle]" and "the negotiating [desk]" of the seed
# unrestored; with 400 news documents it gets 2.8. Stage 2 (whether to restore) is fitted without
# them (--news-stage2-weight 0): with them clean-wide went 9 -> 18 false edits (twenty-second
# session; dictionaries/MODEL.md).
NEWS_DOCS = 400
NEWS_STAGE2_WEIGHT = 0.0
# Lightly spun training documents per family (--light-docs), and their spinning rate.
LIGHT_DOCS = 200
LIGHT_RATE = 0.03
NAMES = ["lm_gain", "written_link", "candidate_link", "written_trigram", "candidate_trigram", "written_unigram",
         "candidate_unigram", "thesauri", "curated", "tortured", "rank", "written_unseen", "lm_gain_positive",
         "swap_x_attested", "lm_gain_x_thesauri", "written_attested"]



def training_docs(a):
    out = os.path.join(ROOT, ".build-model", "train")
    if not os.path.exists(os.path.join(out, "manifest.json")):
        subprocess.run([sys.executable, os.path.join(HERE, "simulate_spin.py"), "--out", out, "--seed", str(a.seed),
                        "--docs", str(a.docs), "--families", "seo,spinbot,wordnet,clean"], check=True)
    evaluation = set()
    eval_dir = os.path.join(ROOT, ".build-eval", "sim")
    for root, _, files in os.walk(eval_dir):
        for name in files:
            if name in ("reference.jsonl", "clean.jsonl"):
                for row in read_jsonl(os.path.join(root, name)):
                    evaluation.update(p.strip() for p in row["text"].split("\n") if p.strip())
    docs = []
    dropped = 0

    def add(label, spun_rows, ref_rows):
        """Adds the documents that share no paragraph with the evaluation set; counts the others."""
        nonlocal dropped
        for s, r in zip(spun_rows, ref_rows):
            if any(p.strip() in evaluation for p in r["text"].split("\n") if p.strip()):
                dropped += 1
            else:
                docs.append((label, s["text"], r["text"]))

    def add_families(folder, prefix=""):
        for family in FAMILIES:
            add(prefix + family, read_jsonl(os.path.join(folder, family, "spun.jsonl")),
                read_jsonl(os.path.join(folder, family, "reference.jsonl")))

    add_families(out)
    clean = read_jsonl(os.path.join(out, "clean.jsonl"))
    add("clean", clean, clean)
    # Lightly spun documents (one swap in LIGHT_RATE⁻¹ words): without them every spun document
    # the fit saw was dense with anomalies, and stage 2 learnt that a document with few is clean.
    if a.light_docs:
        light = os.path.join(ROOT, ".build-model", "train-light")
        if not os.path.exists(os.path.join(light, "manifest.json")):
            subprocess.run([sys.executable, os.path.join(HERE, "simulate_spin.py"), "--out", light,
                            "--seed", str(a.seed + 1), "--docs", str(a.light_docs), "--families", ",".join(FAMILIES),
                            "--rate-seo", str(LIGHT_RATE), "--rate-spinbot", str(LIGHT_RATE),
                            "--rate-wordnet", str(LIGHT_RATE)], check=True)
        add_families(light, prefix="light-")
    if a.pps_docs:
        pps = os.path.join(ROOT, ".build-model", "train-pps")
        if not os.path.exists(os.path.join(pps, "manifest.json")):
            subprocess.run([sys.executable, os.path.join(HERE, "simulate_spin.py"), "--out", pps,
                            "--seed", str(a.seed + 2), "--docs", str(a.pps_docs), "--families", "pps"], check=True)
        add("pps", read_jsonl(os.path.join(pps, "pps", "spun.jsonl")), read_jsonl(os.path.join(pps, "pps", "reference.jsonl")))
    if a.news_docs:
        news = os.path.join(ROOT, ".build-model", "train-news")
        if not os.path.exists(os.path.join(news, "manifest.json")):
            subprocess.run([sys.executable, os.path.join(HERE, "simulate_spin.py"), "--out", news,
                            "--seed", str(a.seed + 3), "--docs", str(a.news_docs), "--families", "news"], check=True)
        # The first N of those simulated (a larger set made earlier is reused).
        add("news", read_jsonl(os.path.join(news, "news", "spun.jsonl"))[:a.news_docs],
            read_jsonl(os.path.join(news, "news", "reference.jsonl"))[:a.news_docs])
    ood = out_of_domain.documents("fortunes-fit")
    if not ood:
        sys.exit("fit_context_model.py: no out-of-domain clean text; apt-get install "
                 + out_of_domain.PACKAGES["fortunes-fit"])
    docs += [("out-of-domain", d["text"], d["text"]) for d in ood]
    print(f"training documents: {len(docs)}, {len(ood)} of them out-of-domain clean "
          f"({dropped} dropped: they share text with the evaluation set)", file=sys.stderr)
    return docs


def token_spans(text):
    return [(m.start(), m.end()) for m in score_edits.TOKEN.finditer(text)]


def label_rows(doc, rows):
    """1 for rows whose replacement alone makes only gold edits (at least one)."""
    _, spun, ref = doc
    s_tokens = score_edits.tokens(spun)
    gold = set(score_edits.edits(s_tokens, score_edits.tokens(ref)))
    if not gold:
        return [0] * len(rows)
    spans = token_spans(score_edits.norm(spun))
    raw = spun.encode()
    # byte offset -> character offset
    char_of = {}
    offset = 0
    for i, ch in enumerate(spun):
        char_of[offset] = i
        offset += len(ch.encode())
    char_of[offset] = len(spun)
    gold_chars = []
    for i1, i2, _ in gold:
        if i1 < len(spans):
            start = spans[i1][0]
            end = spans[i2 - 1][1] if i2 > i1 else start
            gold_chars.append((start, end))
    labels = []
    for r in rows:
        cs, ce = char_of.get(r["start"]), char_of.get(r["end"])
        if cs is None or ce is None or not any(cs <= ge and gs <= ce for gs, ge in gold_chars):
            labels.append(0)
            continue
        fixed = (raw[:r["start"]] + r["replacement"].encode() + raw[r["end"]:]).decode()
        made = set(score_edits.edits(s_tokens, score_edits.tokens(fixed)))
        labels.append(1 if made and made <= gold else 0)
    return labels


def features(a, docs):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for _, spun, _ in docs:
            f.write(json.dumps({"text": spun}) + "\n")
        path = f.name
    out = subprocess.run([a.binary, "explain", "--features", path], capture_output=True, check=True).stdout.decode()
    os.unlink(path)
    by_doc = {}
    for line in out.splitlines():
        r = json.loads(line)
        by_doc.setdefault(r["line"] - 1, []).append(r)
    return by_doc


def fit_logistic(X, y, l2=0.5, iterations=50, weights=None):
    X1 = np.hstack([X, np.ones((len(X), 1))])
    sw = np.ones(len(X)) if weights is None else weights
    w = np.zeros(X1.shape[1])
    reg = np.full(X1.shape[1], l2)
    reg[-1] = 0
    for _ in range(iterations):
        z = np.clip(X1 @ w, -30, 30)
        p = 1 / (1 + np.exp(-z))
        g = X1.T @ (sw * (p - y)) + reg * w
        H = (X1 * (sw * p * (1 - p))[:, None]).T @ X1 + np.diag(reg + 1e-9)
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w[:-1], w[-1]


def load_rows(a, docs):
    """Every weighed candidate of the training documents: its features (NAMES, then the evidence
    and density it is weighed with, and the document's rare-word share), label, document, position,
    byte span and words. Cached per binary."""
    t0 = time.time()
    st = os.stat(a.binary)
    import hashlib
    digest = hashlib.sha256("\n".join(d[1] for d in docs).encode()).hexdigest()[:12]
    cache = os.path.join(ROOT, ".build-model", f"fit-rows-v3-{int(st.st_mtime)}-{st.st_size}-{digest}.npz")
    if os.path.exists(cache):
        return dict(np.load(cache))
    rows_by_doc = features(a, docs)
    print(f"features: {sum(len(v) for v in rows_by_doc.values()):,} candidate rows ({time.time() - t0:.0f} s)", file=sys.stderr)
    out = {k: [] for k in ("X", "y", "doc_of", "position", "start", "end", "found", "replacement")}
    for d, rows in rows_by_doc.items():
        for r, l in zip(rows, label_rows(docs[d], rows)):
            out["X"].append(r["features"] + [r["evidence"], r["density"], r["rare_share"]])
            out["y"].append(l)
            out["doc_of"].append(d)
            for k in ("position", "start", "end", "found", "replacement"):
                out[k].append(r[k])
    out = {k: np.array(v, dtype=float if k == "y" else None) for k, v in out.items()}
    np.savez(cache, **out)
    prune_row_caches(keep=ROW_CACHES_KEPT)
    return out


# Each binary gets its own cache of ~330 MB (so that a run can compare two builds without dumping
# features again); older ones than the newest few are deleted when a new one is written.
ROW_CACHES_KEPT = 4


def prune_row_caches(keep):
    """Deletes all but the `keep` most recently written .build-model/fit-rows-*.npz."""
    folder = os.path.join(ROOT, ".build-model")
    caches = sorted((os.path.join(folder, f) for f in os.listdir(folder) if f.startswith("fit-rows-") and f.endswith(".npz")),
                    key=os.path.getmtime, reverse=True)
    for path in caches[keep:]:
        os.remove(path)


STAGE2_NAMES = ("best_logit", "margin", "density", "log_density", "logit_x_log_density", "evidence", "attested",
                "rare_share", "logit_x_rare_share")


class Stage2:
    """Stage 2's table: per position (a word of a document), the best candidate under stage-1
    scores `z1` and what stage 2 reads of it (STAGE2_NAMES, as `ContextRestoration.positions`
    gives them). `best`: the row of each position's best candidate, in position order; `S`: stage
    2's inputs; `labels`: whether that best candidate is correct; `held_out`: the position's
    document is one of the 20% the fit holds out (doc % 5 == 4); `weights`: the position's weight
    in the fit; `any_correct`: whether some candidate of the position is correct."""

    def __init__(self, rows, docs, z1, local, out_of_domain_weight=OUT_OF_DOMAIN_WEIGHT,
                 news_stage2_weight=NEWS_STAGE2_WEIGHT):
        y, doc_of, positions = rows["y"], rows["doc_of"], rows["position"]
        X = rows["X"]
        evidence, density, rare = X[:, len(NAMES)], X[:, len(NAMES) + 1], X[:, len(NAMES) + 2]
        keys = doc_of * 100000 + positions
        order = np.lexsort((-z1, keys))
        first = np.ones(len(order), dtype=bool)
        first[1:] = keys[order][1:] != keys[order][:-1]
        best = order[first]
        second = np.full(len(best), np.nan)
        for n, st in enumerate(np.where(first)[0]):
            if st + 1 < len(order) and not first[st + 1]:
                second[n] = z1[order[st + 1]]
        margin = np.where(np.isnan(second), 5.0, np.minimum(5.0, z1[best] - np.nan_to_num(second)))
        d, r = density[best], rare[best]
        self.best = best
        self.S = np.column_stack([z1[best], margin, d, np.log1p(d), z1[best] * np.log1p(d), evidence[best],
                                  local[best, NAMES.index("written_attested")], r, z1[best] * r])
        self.labels = y[best]
        self.held_out = (doc_of[best] % 5) == 4
        # Most documents a user runs are not spun: the training set has three spun documents for
        # each clean one, so clean positions weigh CLEAN_WEIGHT times more, as if clean documents
        # outnumbered spun ones ten to one. This is what keeps edits off clean text.
        # Out-of-domain clean documents weigh out_of_domain_weight of that.
        weight_of = {"clean": CLEAN_WEIGHT, "out-of-domain": CLEAN_WEIGHT * out_of_domain_weight,
                     "news": news_stage2_weight}
        self.weights = np.array([weight_of.get(docs[k][0], 1.0) for k in doc_of[best]])
        position_of = np.searchsorted(keys[best], keys)  # best is in key order
        self.any_correct = np.zeros(len(best))
        np.maximum.at(self.any_correct, position_of, y)
        self.doc_of = doc_of[best]


def report_held_out(docs, stage2, probability):
    """Prints, for the held-out documents, how far the stage-1 scores `stage2` was made with limit
    recall, and the precision and recall per family (and false edits per 10,000 clean words) of
    "restore a position's best candidate when `probability` (one per position) >= p"."""
    ts = stage2.held_out
    docs_test = sorted(set(stage2.doc_of[ts].tolist()))
    families = {d: docs[d][0] for d in docs_test}
    gold = {d: len(score_edits.edits(score_edits.tokens(docs[d][1]), score_edits.tokens(docs[d][2]))) for d in docs_test}
    words = {d: len(docs[d][1].split()) for d in docs_test}
    bd, ys, ps = stage2.doc_of[ts], stage2.labels[ts], probability[ts]
    reported = FAMILIES + tuple(f for f in ("pps", "news") if f in families.values())
    # The recall no stage 2 can pass: gold edits with a correct candidate among those weighed, and
    # with stage 1's best candidate correct.
    line = []
    for fam in reported:
        m = np.array([families[d] == fam for d in bd])
        n_gold = max(1, sum(g for d, g in gold.items() if families[d] == fam))
        line.append(f"{fam} {stage2.any_correct[ts][m].sum() / n_gold:.3f} / {ys[m].sum() / n_gold:.3f}")
    print("  recall ceiling (a correct candidate weighed / stage 1's best correct): " + "; ".join(line))
    for threshold in (0.3, 0.5, 0.6, 0.7, 0.8, 0.9):
        line = []
        for fam in reported:
            m = np.array([families[d] == fam for d in bd]) & (ps >= threshold)
            n_gold = sum(g for d, g in gold.items() if families[d] == fam)
            correct = ys[m].sum()
            line.append(f"{fam} P {correct / max(1, m.sum()):.3f} R {correct / max(1, n_gold):.3f}")
        m = np.array([families[d].startswith("light-") for d in bd]) & (ps >= threshold)
        n_gold = sum(g for d, g in gold.items() if families[d].startswith("light-"))
        if n_gold:
            line.append(f"light P {ys[m].sum() / max(1, m.sum()):.3f} R {ys[m].sum() / n_gold:.3f}")
        for name in ("clean", "out-of-domain"):
            mc = np.array([families[d] == name for d in bd]) & (ps >= threshold)
            clean_words = sum(w_ for d, w_ in words.items() if families[d] == name)
            line.append(f"{name} {10000 * mc.sum() / max(1, clean_words):.2f}/10k")
        print(f"  p ≥ {threshold}: " + "; ".join(line))


def stage1_rows(rows, docs):
    """The rows stage 1 is fitted on: not held out, and not out-of-domain. Out-of-domain rows stay
    out of it: they are there for stage 2's question (is this document's oddness spinning?), not
    for which original a spinner replaced."""
    in_domain = np.array([docs[k][0] != "out-of-domain" for k in rows["doc_of"]])
    test = (rows["doc_of"] % 5) == 4
    return ~test & in_domain, test & in_domain


def fit_stages(rows, docs, local, report=True, out_of_domain_weight=OUT_OF_DOMAIN_WEIGHT,
               news_stage2_weight=NEWS_STAGE2_WEIGHT):
    """Fits stage 1 on `local` (one row of candidate features per candidate) and stage 2 on the
    best candidate per position, on 80% of the documents; with `report`, prints the held-out log
    loss, how far stage 1's choice limits recall, and precision/recall per family and threshold.
    Returns (w, b, v, c, loss): stage-1 weights and bias, stage-2 weights and bias."""
    y = rows["y"]
    # Stage 1: which candidate — a logistic over the local features of every candidate.
    fit1, test1 = stage1_rows(rows, docs)
    w, b = fit_logistic(local[fit1], y[fit1])
    z1 = local @ w + b
    p1 = 1 / (1 + np.exp(-np.clip(z1[test1], -30, 30)))
    loss = float(-np.mean(y[test1] * np.log(p1 + 1e-12) + (1 - y[test1]) * np.log(1 - p1 + 1e-12)))
    # Stage 2: whether to restore — per position, the best candidate's stage-1 logit, its lead over
    # the runner-up, and the document's anomaly density, dictionary evidence and rare-word share
    # (ContextScorer.rareWordShare: literary and technical prose has many words the counts hardly
    # saw, and many anomalies without any spinning).
    stage2 = Stage2(rows, docs, z1, local, out_of_domain_weight, news_stage2_weight)
    train = ~stage2.held_out
    v, c = fit_logistic(stage2.S[train], stage2.labels[train], l2=0.1, weights=stage2.weights[train])
    if not report:
        return w, b, v, c, loss
    print(f"stage 1 (which candidate): held-out log loss {loss:.4f} over {int(test1.sum()):,} rows")
    print(f"stage 2 (whether to restore): {len(stage2.S):,} positions, {int(stage2.labels.sum()):,} with a correct best candidate")
    report_held_out(docs, stage2, 1 / (1 + np.exp(-np.clip(stage2.S @ v + c, -30, 30))))
    return w, b, v, c, loss


def arguments(argv=None, parser=None):
    """The command line (`argv`, default sys.argv[1:]); `arguments([])` gives the defaults, with
    which scripts/compare_stage_models.py reads the same rows as the fit. `parser`: one with options
    of its own (scripts/try_context_feature.py), to which the fit's are added."""
    ap = parser or argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "unspin"))
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1001)
    ap.add_argument("--light-docs", type=int, default=LIGHT_DOCS,
                    help="lightly spun training documents per family (0: none)")
    ap.add_argument("--pps-docs", type=int, default=PPS_DOCS,
                    help="training documents spun with the paper mills' word swaps (0: none)")
    ap.add_argument("--news-docs", type=int, default=NEWS_DOCS,
                    help="training documents spun with the news spinner's own word swaps (0: none)")
    ap.add_argument("--news-stage2-weight", type=float, default=NEWS_STAGE2_WEIGHT,
                    help="weight of the news documents' positions in stage 2 (0: stage 1 only)")
    ap.add_argument("--out-of-domain-weight", type=float, default=OUT_OF_DOMAIN_WEIGHT,
                    help="share of the clean weight for out-of-domain clean documents (0 leaves them out of stage 2)")
    return ap.parse_args(argv)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write", action="store_true", help="write ContextCoefficients.swift")
    a = arguments(parser=ap)
    t0 = time.time()
    docs = training_docs(a)
    rows = load_rows(a, docs)
    y = rows["y"]
    print(f"labelled: {int(y.sum()):,} positive of {len(y):,} ({time.time() - t0:.0f} s)", file=sys.stderr)
    w, b, v, c, loss = fit_stages(rows, docs, rows["X"][:, :len(NAMES)], out_of_domain_weight=a.out_of_domain_weight,
                                  news_stage2_weight=a.news_stage2_weight)
    for name, weight in zip(NAMES, w):
        print(f"  {name:24} {weight:+.3f}")
    print(f"  {'bias':24} {b:+.3f}")
    for name, weight in zip(STAGE2_NAMES, v):
        print(f"  {'stage2 ' + name:24} {weight:+.3f}")
    print(f"  {'stage2 bias':24} {c:+.3f}")
    if a.write:
        n_ood = sum(1 for d in docs if d[0] == "out-of-domain")
        provenance = (f"fitted by scripts/fit_context_model.py on {len(docs) - n_ood} simulated documents "
                      f"and {n_ood} out-of-domain clean ones "
                      f"({len(y):,} candidates, {int(y.sum()):,} true; stage-1 held-out log loss {loss:.4f}); "
                      f"clean documents weighted {CLEAN_WEIGHT:g}x, out-of-domain clean documents "
                      f"{CLEAN_WEIGHT * a.out_of_domain_weight:g}x")
        path = os.path.join(ROOT, "Sources", "UnspinKit", "Context", "ContextCoefficients.swift")
        weights = ", ".join(f"{x:.4f}" for x in w)  # 16 lanes
        with open(path, "w") as f:
            f.write(f"""// Generated by scripts/fit_context_model.py — do not edit by hand.
// Logistic model over `ContextScorer.featureNames`, fitted on simulated spinning.
#if canImport(Glibc)
import Glibc
#endif

public enum ContextCoefficients {{
    public static let bias = {b:.4f}
    public static let weights = ContextScorer.Features({weights})
    /// Stage 2 (whether to restore): weights of the best candidate's stage-1 logit, its lead over
    /// the runner-up (capped at 5), the anomaly density d (ContextRestoration.anomalyDensity),
    /// ln(1 + d), the logit × ln(1 + d), and the dictionary evidence (DocumentSpinGate.evidence, 0...1).
    public static let restoreBias = {c:.4f}
    public static let restoreLogit = {v[0]:.4f}
    public static let restoreMargin = {v[1]:.4f}
    public static let density = {v[2]:.4f}
    public static let logDensity = {v[3]:.4f}
    public static let logitTimesLogDensity = {v[4]:.4f}
    public static let evidence = {v[5]:.4f}
    /// Stage 2: added when the written word is well attested (weighed only in spun-looking documents).
    public static let restoreAttested = {v[6]:.4f}
    /// Stage 2: weights of the document's rare-word share r (ContextScorer.rareWordShare) and of the
    /// best logit × r.
    public static let rareShare = {v[7]:.4f}
    public static let logitTimesRareShare = {v[8]:.4f}
    /// Fit summary, for `unspin explain`.
    public static let provenance = "{provenance}"

    @inline(__always)
    public static func logit(_ features: ContextScorer.Features) -> Double {{
        bias + (weights * features).sum()
    }}

    @inline(__always)
    public static func probability(_ logit: Double) -> Double {{ 1 / (1 + exp(-logit)) }}
}}
""")
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
