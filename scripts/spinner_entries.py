"""Read the entries of a spinner dictionary (`dictionaries/FORMAT.md`) and the word swaps they make.

One reader for the scripts that learn from the curated list: `build_context_model.py` (the
channel's curated swaps), `spinner_collocations.py` (proposals of new entries) and
`make_bench_corpus.py` (the benchmark's spinner); and of the proposal tables the list's rounds were
chosen from (`proposal_rows`: `build_context_model.py`, `phrase_counts.py --table`). It reads entry lines only, not their conditions:
what the scripts want is which wording a spinner writes for which. The engine's own parser
(`DictionaryParser.swift`) is the one that checks a dictionary; this one skips what it cannot use.
"""
import collections, difflib, re, sys

WORD = re.compile(r"[a-z0-9]+(?:['’.-][a-z0-9]+)*")

# Function words. A swap of one ("in" -> "within" in "within the face of") belongs to its phrase,
# not to the word: it is not taken as a word swap, on either side.
FUNCTION_WORDS = set("""a an the this that these those his her its their our my your of in on at to
for from by with as and or but nor not no is are was were be been being has have had do does did
will would shall should can could may might must it he she they we you i me him them us who whom
which what when where why how than then there here so if also all any each every some such only
very just more most less least into onto over under about after before between through during
up down out off again further once own same other both few many much own""".split())


def entry_lines(path):
    """(spun, original, options) of each entry line, as written: the options are the `|`-separated
    fields after the original ("after: the", "confidence: 0.5"). Comments, directives and examples
    are not entries."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line[0] in "#@ \t" or "=>" not in line:
                continue
            spun, _, rest = line.partition("=>")
            original, *options = rest.split("|")
            yield spun.strip(), original.strip(), [o.strip() for o in options]


def entries(path):
    """(spun, original) text of each entry line, without its options; entries whose original is
    unknown ("?") are left out."""
    for spun, original, _ in entry_lines(path):
        if spun and original and original != "?":
            yield spun, original


def is_unconditional(options):
    """Whether an entry with these options matches wherever its spun form stands (no context or
    case condition; a confidence is not a condition)."""
    return not any(o.startswith(("after", "before", "not-", "case")) for o in options)


def confidence(options, default=1.0):
    """The `confidence:` of an entry's options, else `default` (an entry's confidence when it names none)."""
    for o in options:
        if o.startswith("confidence:"):
            return float(o.partition(":")[2])
    return default


def words(side):
    """The words of one side of an entry (its spun form or its original), lower case."""
    return tuple(WORD.findall(side.lower()))


def entry_heads(path):
    """(spun words, original words) of each entry, lower case."""
    return [(words(spun), words(original)) for spun, original in entries(path)]


def stretch_swap(spun, original):
    """(original word, spun words) when an entry's spun form and original differ in one stretch,
    one word of the original there ("unemployment charge" => "unemployment rate" gives rate ->
    charge; "a 12 months" => "a year" gives year -> 12 months); else None."""
    ops = [op for op in difflib.SequenceMatcher(a=original, b=spun, autojunk=False).get_opcodes() if op[0] != "equal"]
    if len(ops) != 1:
        return None
    _, i1, i2, j1, j2 = ops[0]
    return (original[i1], spun[j1:j2]) if i2 - i1 == 1 and 1 <= j2 - j1 <= 3 else None


def word_for_word_pairs(spun, original):
    """(original word, (written word,)) for the words of each stretch where an entry's spun form
    and original differ by as many words on each side, paired in order ("Chilly Battle => Cold
    War" gives cold -> chilly and war -> battle). Words of letters only; function words on
    neither side."""
    pairs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=original, b=spun, autojunk=False).get_opcodes():
        if op != "replace" or i2 - i1 != j2 - j1:
            continue
        pairs += [(o, (w,)) for o, w in zip(original[i1:i2], spun[j1:j2])
                  if o.isalpha() and w.isalpha() and o not in FUNCTION_WORDS and w not in FUNCTION_WORDS]
    return pairs


def word_swaps(heads, support):
    """{original word: {spun words: entries}}: each entry's `stretch_swap`, kept when `support` or
    more entries make the swap; function-word originals left out."""
    swaps = collections.defaultdict(collections.Counter)
    for spun, original in heads:
        if swap := stretch_swap(spun, original):
            swaps[swap[0]][swap[1]] += 1
    return supported({o: c for o, c in swaps.items() if o not in FUNCTION_WORDS}, support)


def word_for_word_swaps(heads, support):
    """{original word: {(written word,): entries}}: each entry's `word_for_word_pairs`, kept when
    `support` or more entries make the swap. `word_swaps` sees only an entry's one differing
    stretch of one original word, so these swaps, made only inside longer stretches, it misses."""
    swaps = collections.defaultdict(collections.Counter)
    for spun, original in heads:
        for o, w in word_for_word_pairs(spun, original):
            swaps[o][w] += 1
    return supported(swaps, support)


def all_word_swaps(heads, support):
    """{original word: {spun words: entries}}: the swaps of both kinds, each entry counted once
    for a swap both find in it (a one-word stretch, "unemployment charge", is both)."""
    swaps = collections.defaultdict(collections.Counter)
    for spun, original in heads:
        made = set(word_for_word_pairs(spun, original))
        swap = stretch_swap(spun, original)
        if swap and swap[0] not in FUNCTION_WORDS:
            made.add(swap)
        for o, w in made:
            swaps[o][w] += 1
    return supported(swaps, support)


def supported(swaps, support):
    """`swaps` ({original: {spun: entries}}) without the swaps fewer than `support` entries make,
    and without the originals left with none."""
    return {o: kept for o, c in swaps.items() if (kept := {s: n for s, n in c.items() if n >= support})}


def single_word_swaps(path, support=2, stopwords=FUNCTION_WORDS):
    """{original word: {written word: entries}}: the swaps of `all_word_swaps` in which one word of
    letters (three or more) stands for another, made by `support` or more of the file's entries,
    `stopwords` on neither side. "Chilly Battle => Cold War" and 17 more give war -> battle: the
    spinner's own table, which the curated channel and the simulated news spinner read."""
    table = collections.defaultdict(dict)
    for original, written in all_word_swaps(entry_heads(path), support).items():
        for spun, n in written.items():
            w = spun[0]
            if (len(spun) == 1 and w.isalpha() and original.isalpha() and w != original
                    and original not in stopwords and w not in stopwords and min(len(w), len(original)) >= 3):
                table[original][w] = n
    return dict(table)


def proposal_rows(path):
    """The rows of a proposal table (`scripts/proposals/*.tsv`) after its header: [original, spun,
    confidence, note], the last two "" where missing. A row without an original and a spun form
    stops the script with its file and line."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()[1:]
    rows = []
    for n, line in enumerate(lines, 2):
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].strip() or not fields[1].strip():
            sys.exit(f"{path}:{n}: want original<TAB>spun[<TAB>confidence<TAB>note]")
        rows.append((fields + ["", ""])[:4])
    return rows
