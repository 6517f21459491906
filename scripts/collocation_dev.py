#!/usr/bin/env python3
"""Development data for the collocation rule: unseen tortured phrases and clean text that the
evaluation never uses.

Usage: python3 scripts/collocation_dev.py [--out .build-model/dev] [--clean-words 400000]

- tortured.jsonl / tortured-ref.jsonl: tortured-phrase pairs of the DEVELOPMENT fifth
  (corpus_split.pps_dev, never the evaluation fifth) placed in held-apart text exactly as
  scripts/simulate_spin.py places the evaluation pairs (same functions), in lines that the
  evaluation set (.build-eval/sim) does not use.
- clean.jsonl: held-apart documents (simulate_spin.build_docs) that share no paragraph with the
  evaluation set, up to --clean-words words.
Tune with the development model (build_context_model.py --dev-pps), which has neither fifth in
its channel, so the tortured pairs here are as unseen as the evaluation ones.
Tortured phrases: Problematic Paper Screener (Cabanac, Labbé & Magazinov), CC BY 4.0.
"""
import argparse, os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import corpus_split
from corpus_split import read_jsonl
import simulate_spin as sim



def technical(path, skip, out, words_wanted=400000, chunks=600, chunk=8000):
    """Clean technical text for the fit: `chunks` pieces spread evenly over `path` after its first
    `skip` bytes, whole paragraphs only, lines of the first `skip` bytes left out."""
    with open(path, "rb") as f:
        head = {l.strip() for l in f.read(skip).decode("utf-8", "replace").split("\n") if l.strip()}
        size = f.seek(0, 2)
        docs, total = [], 0
        step = max(chunk, (size - skip) // chunks)
        for k in range(chunks):
            f.seek(skip + k * step)
            data = f.read(chunk).decode("utf-8", "replace")
            data = data[data.find("\n\n") + 2:data.rfind("\n\n")]
            text = "\n".join(l for l in data.split("\n") if l.strip() not in head).strip()
            if len(text.split()) < 100:
                continue
            docs.append({"id": f"technical-{k}", "text": text})
            total += len(text.split())
            if total >= words_wanted:
                break
    sim.write_jsonl(out, docs)
    print(f"{len(docs)} technical documents ({total} words) in {out}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, ".build-model", "dev"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--clean-words", type=int, default=400000)
    ap.add_argument("--tortured-docs", type=int, default=600)
    ap.add_argument("--technical", metavar="FILE",
                    help="also write technical.jsonl: ~400k words of technical prose (changelogs, code comments, "
                         "manuals) sampled across FILE after its first --technical-skip-mb, without the lines that "
                         "occur in that first part (which is kept for measuring false edits in technical text)")
    ap.add_argument("--technical-skip-mb", type=float, default=10.0)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    if a.technical:
        technical(a.technical, int(a.technical_skip_mb * 1e6), os.path.join(a.out, "technical.jsonl"))
    evaluation = set()
    for root, _, files in os.walk(os.path.join(ROOT, ".build-eval", "sim")):
        for name in files:
            if name.endswith(".jsonl"):
                for row in read_jsonl(os.path.join(root, name)):
                    for p in row["text"].split("\n"):
                        if p.strip():
                            evaluation.add(p.strip())
                            evaluation.update(x.strip() for x in sim.sentences_of(p))
    sources = sim.load_sources(a.shared)
    used = set()
    for short, (kind, lines) in sources.items():
        for k, line in enumerate(lines):
            if line.strip() in evaluation:
                used.add((short, k))
    # the development fifth, read as simulate_spin.load_pps_pairs reads the evaluation fifth
    orig = corpus_split.pps_held_out
    corpus_split.pps_held_out = corpus_split.pps_dev
    try:
        pairs = sim.load_pps_pairs(a.shared)
    finally:
        corpus_split.pps_held_out = orig
    rng = random.Random("collocation-dev")
    chosen, _ = sim.find_tortured(sources, pairs, used, rng, a.tortured_docs)
    spun_rows, ref_rows, taken = [], [], set(used)
    for tortured, exp, short, k, start, end in chosen:
        if (short, k) in taken:
            continue
        idx, ref, spun, s0, s1 = sim.tortured_doc(sources, taken, tortured, exp, short, k, start, end)
        if sim.quoted_mask(ref)[s0]:
            continue
        taken.update((short, j) for j in idx)
        doc_id = f"{short}-{k}"
        spun_rows.append({"id": doc_id, "text": spun, "tortured": spun[s0:s1], "expected": exp,
                          "start": s0, "end": s1, "pair": [tortured, exp]})
        ref_rows.append({"id": doc_id, "text": ref})
    sim.write_jsonl(os.path.join(a.out, "tortured.jsonl"), spun_rows)
    sim.write_jsonl(os.path.join(a.out, "tortured-ref.jsonl"), ref_rows)
    pool = []
    for short, (kind, lines) in sources.items():
        pool.extend(d for d in sim.build_docs(short, kind, lines) if not any((short, k) in taken for k in d[1]))
    random.Random("collocation-dev/clean").shuffle(pool)
    clean, words = [], 0
    for doc_id, _, text in pool:
        if words >= a.clean_words:
            break
        clean.append({"id": doc_id, "text": text})
        words += len(text.split())
    sim.write_jsonl(os.path.join(a.out, "clean.jsonl"), clean)
    print(f"{len(spun_rows)} tortured documents ({len({tuple(r['pair']) for r in spun_rows})} pairs), "
          f"{len(clean)} clean documents ({words} words) in {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
