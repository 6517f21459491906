#!/usr/bin/env python3
"""Screen a JSON Lines corpus for spun text with unspin under Apache Spark (local mode).

Each partition of the corpus is piped through `unspin check --jsonl FIELD` with `rdd.pipe`: unspin
reads one JSON object per line and writes the same object back with an "unspin" member (findings,
words, spin score), so it needs no state and keeps line order. With --fix, the partition goes
through `unspin fix --jsonl FIELD` and FIELD comes back corrected.

Usage:
  scripts/spark-screen.py INPUT.jsonl OUTPUT_DIR [--field text] [--fix] [--binary PATH] [--partitions N]
  scripts/spark-screen.py --demo          # builds a small corpus, screens it, checks the result

Needs `pip install pyspark` and a Java runtime (OpenJDK 17 here). The unspin binary must be
reachable from the Spark executors; in local mode that is this machine.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def screen(spark, binary, source, target, field, fix, partitions):
    command = [binary, "fix" if fix else "check", "--jsonl", field, "--quiet"]
    rdd = spark.sparkContext.textFile(source, minPartitions=partitions)
    # pipe() passes each partition's lines on stdin and reads stdout lines back.
    rdd.pipe(" ".join(command)).saveAsTextFile(target)


def demo(binary):
    from pyspark.sql import SparkSession
    work = tempfile.mkdtemp(prefix="unspin-spark-")
    corpus = os.path.join(work, "corpus.jsonl")
    docs = [
        {"id": 1, "text": "The Taliban returned to energy for the reason that the authorities collapsed."},
        {"id": 2, "text": "Parliament adopted the budget after a long debate."},
        {"id": 3, "text": "We use profound learning and counterfeit consciousness in this paper."},
        {"id": 4, "text": "Officials said the talks would resume next week."},
    ] * 50
    with open(corpus, "w") as f:
        for i, d in enumerate(docs):
            f.write(json.dumps({**d, "id": i}) + "\n")
    spark = SparkSession.builder.master("local[2]").appName("unspin-screen").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        out = os.path.join(work, "screened")
        screen(spark, binary, corpus, out, "text", False, 4)
        fixed = os.path.join(work, "fixed")
        screen(spark, binary, corpus, fixed, "text", True, 4)
    finally:
        spark.stop()
    rows = [json.loads(l) for p in sorted(os.listdir(out)) if p.startswith("part-") for l in open(os.path.join(out, p))]
    fixed_rows = [json.loads(l) for p in sorted(os.listdir(fixed)) if p.startswith("part-") for l in open(os.path.join(fixed, p))]
    assert len(rows) == len(docs) and len(fixed_rows) == len(docs), (len(rows), len(fixed_rows))
    flagged = sum(1 for r in rows if r["unspin"]["findings"])
    by_id = {r["id"]: r for r in fixed_rows}
    assert by_id[0]["text"].startswith("The Taliban returned to power since"), by_id[0]["text"]
    assert by_id[1]["text"] == docs[1]["text"]
    print(f"spark demo: {len(rows)} documents screened in 4 partitions, {flagged} flagged; "
          f"fix mode restored e.g. {by_id[0]['text']!r}")
    shutil.rmtree(work)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", nargs="?")
    ap.add_argument("output", nargs="?")
    ap.add_argument("--field", default="text")
    ap.add_argument("--fix", action="store_true")
    ap.add_argument("--binary", default=os.path.join(root, ".build", "release", "unspin"))
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--demo", action="store_true")
    a = ap.parse_args()
    if not os.access(a.binary, os.X_OK):
        sys.exit(f"no unspin binary at {a.binary}: run `swift build -c release` or pass --binary")
    if a.demo:
        demo(os.path.abspath(a.binary))
        return
    if not (a.input and a.output):
        ap.error("INPUT and OUTPUT_DIR are required (or --demo)")
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.master("local[*]").appName("unspin-screen").getOrCreate()
    try:
        screen(spark, os.path.abspath(a.binary), a.input, a.output, a.field, a.fix, a.partitions)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
