#!/usr/bin/env python3
"""Edits unspin makes in the technical English of this Debian system: never spun, so each is false.

The clean corpus (scripts/clean_corpus_edits.py) is news and parliament; users also run unspin over
changelogs, code comments and documentation, whose wording is nothing like it ("Clear
power.must_resume", "call tree", "flag handling"). This gathers, per kind, one text file:
  changelogs  /usr/share/doc/*/changelog*.gz, decompressed
  headers     /usr/include/**/*.h
  docs        the uncompressed text files under /usr/share/doc, and /usr/share/common-licenses
  reference   the dictd databases under /usr/share/dictd (dictzip is gzip): with `setup.sh --eval`,
              GCIDE (Webster's 1913 with its quotations, and WordNet glosses), FOLDOC (computing)
              and Bierce's Devil's Dictionary; English of other centuries and registers
  manuals     the GNU info manuals (/usr/share/info), Vim's help (/usr/share/vim/*/doc), and with
              `setup.sh --eval` Perl's manual pages (/usr/share/perl/*/pod, perl-doc) and the
              Debian Reference (debian-reference-en): book-length technical prose
  manpages    the manual pages in sections 1, 3, 5, 7 and 8 (/usr/share/man), troff source as it is
  translations  with `setup.sh --eval`: the Debian Administrator's Handbook in its 25 other languages
              (debian-handbook; HTML, tags and scripts left out): a page in another language is not
              spun English, and unspin must leave it alone
  scripture   with `setup.sh --eval`: the King James Bible (bible-kjv, read through its `bible`
              program, verse numbers left out): 0.8M words of the English of 1611, whose wording
              ("at the least ten", "the children of Israel") no modern corpus holds
and runs `unspin check --no-config --format jsonl` on them (the context rule included; --exclude
ARGS passes on). Prints the words and the findings at the threshold per kind, and each finding
with its context. Run it after a dictionary or rule change; 61M words take about a minute on
two cores.

Usage: scripts/technical_edits.py [--binary PATH] [--threshold X] [--extra-args=ARGS] [--keep DIR]
"""
import argparse, glob, gzip, html.parser, json, os, re, shlex, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY_SUFFIXES = (".gz", ".bz2", ".xz", ".zst", ".png", ".jpg", ".gif", ".svg", ".pdf", ".html", ".htm",
                   ".css", ".js", ".ico", ".woff", ".ttf")


def sources():
    """kind -> list of (path, reader) whose text makes that kind's file."""
    changelogs = sorted(glob.glob("/usr/share/doc/*/changelog*.gz"))
    headers = sorted(glob.glob("/usr/include/**/*.h", recursive=True))
    docs = []
    for root in ("/usr/share/doc", "/usr/share/common-licenses"):
        for folder, _, names in os.walk(root):
            for name in sorted(names):
                path = os.path.join(folder, name)
                if not name.lower().endswith(BINARY_SUFFIXES) and os.path.isfile(path) \
                        and os.path.getsize(path) < 2_000_000:
                    docs.append(path)
    reference = sorted(glob.glob("/usr/share/dictd/*.dict.dz"))
    # /usr/share/perl/5.36 links to 5.36.0: each file once.
    manuals = sorted({os.path.realpath(p) for p in glob.glob("/usr/share/perl/*/pod/*.pod")}) + \
        sorted(glob.glob("/usr/share/debian-reference/*.en.txt.gz")) + sorted(glob.glob("/usr/share/info/*.gz")) + \
        sorted(glob.glob("/usr/share/vim/vim*/doc/*.txt"))
    manpages = sorted(p for section in "13578" for p in glob.glob(f"/usr/share/man/man{section}/*.gz"))
    translations = sorted(p for p in glob.glob("/usr/share/doc/debian-handbook/html/*/*.html")
                          if "/en-US/" not in p)
    scripture = [BIBLE] if os.path.exists(BIBLE) and shutil.which("bible") else []
    return {"changelogs": changelogs, "headers": headers, "docs": sorted(docs), "reference": reference,
            "manuals": manuals, "manpages": manpages, "translations": translations, "scripture": scripture}


# The King James Bible's compressed text (bible-kjv-text); only its `bible` program reads it.
BIBLE = "/usr/lib/bible.data"


def read_bible():
    """The whole Bible as the `bible` program prints it, a chapter a paragraph and a verse a line,
    without the verse numbers."""
    run = subprocess.run(["bible", "-l0", "Gen1:1-Rev22:21"], capture_output=True)
    lines = run.stdout.decode("utf-8", errors="replace").split("\n")
    return "\n".join(re.sub(r"^\s*\d+ ", "", line) for line in lines).encode("utf-8")


class HTMLText(html.parser.HTMLParser):
    """The text of an HTML page: a blank line for each block, nothing of tags, scripts and styles."""
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "tr", "pre", "dt", "dd", "table"}

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.hidden:
            self.hidden -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def read(path):
    if path == BIBLE:
        return read_bible()
    opener = gzip.open if path.endswith((".gz", ".dz")) else open
    try:
        with opener(path, "rb") as f:
            data = f.read()
    except OSError:
        return b""
    # Binary files (a NUL byte) are not text anyone would check.
    if b"\0" in data[:4096]:
        return b""
    if path.endswith(".html"):
        page = HTMLText()
        page.feed(data.decode("utf-8", errors="replace"))
        return "".join(page.parts).encode("utf-8")
    return data


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "unspin"))
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--extra-args", default="", help='shell-quoted; e.g. --extra-args="--exclude context"')
    ap.add_argument("--keep", metavar="DIR", help="write the gathered text files here and keep them")
    a = ap.parse_args()
    out_dir = a.keep or tempfile.mkdtemp(prefix="unspin-technical-")
    os.makedirs(out_dir, exist_ok=True)
    files, words = {}, {}
    for kind, paths in sources().items():
        path = os.path.join(out_dir, f"{kind}.txt")
        n = 0
        with open(path, "wb") as f:
            for p in paths:
                data = read(p)
                if data:
                    f.write(data.rstrip(b"\n") + b"\n\n")
                    n += len(data.split())
        files[kind], words[kind] = path, n
    args = [a.binary, "check", "--no-config", "--format", "jsonl", *shlex.split(a.extra_args)]
    if a.threshold is not None:
        args += ["--threshold", str(a.threshold)]
    run = subprocess.run(args + list(files.values()), capture_output=True)
    if run.returncode not in (0, 1):
        sys.exit(f"technical_edits.py: {' '.join(args)} exited {run.returncode}: {run.stderr.decode(errors='replace')}")
    findings = {kind: [] for kind in files}
    kind_of = {path: kind for kind, path in files.items()}
    for line in run.stdout.decode("utf-8", errors="replace").splitlines():
        r = json.loads(line)
        if "rule" in r:
            findings[kind_of[r["path"]]].append(r)
    print(" ".join(shlex.quote(x) for x in args))
    total_words = total = 0
    for kind in files:
        n = len(findings[kind])
        total_words += words[kind]
        total += n
        print(f"  {kind:12} {words[kind]:12,} words {n:5} findings  {10000 * n / max(1, words[kind]):.3f} per 10,000")
    print(f"  {'total':12} {total_words:12,} words {total:5} findings  {10000 * total / max(1, total_words):.3f} per 10,000")
    for kind in files:
        if not findings[kind]:
            continue
        with open(files[kind], "rb") as f:
            text = f.read()
        for r in findings[kind]:
            before = text[max(0, r["start"] - 50):r["start"]].decode("utf-8", "replace").replace("\n", " ")
            after = text[r["end"]:r["end"] + 50].decode("utf-8", "replace").replace("\n", " ")
            print(f"  [{kind}] {r['found']} -> {r.get('replacement')} ({r['rule']}, {r['confidence']:.2f}): "
                  f"...{before}[{r['found']}]{after}...")
    if not a.keep:
        for path in files.values():
            os.unlink(path)
        os.rmdir(out_dir)


if __name__ == "__main__":
    main()
