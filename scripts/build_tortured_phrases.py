#!/usr/bin/env python3
"""Build dictionaries/tortured-phrases.dict from the Problematic Paper Screener list.

Usage:
    python3 scripts/build_tortured_phrases.py [SHARED_DIR] [--output FILE] [--cache FILE]

SHARED_DIR defaults to <project>/../shared (resolved from this script's location). It must hold
data/tortured-phrases.tsv (columns tortured, expected, papers, pps_query; see data/SOURCES.md) and
corpus/*.txt.xz (clean English, one paragraph per line). Python 3 standard library only; the corpus
is scanned with `xz -dc FILE | LC_ALL=C grep -oiwF -f PHRASES` and, for acronym casing,
`xz -dc FILE | tr -cs A-Za-z0-9- '\\n' | grep -xiF -f TOKENS` (two pipelines at a time; about
two minutes on two cores). The output is written atomically (temporary file + rename) and checked against
dictionaries/FORMAT.md before it replaces the old file. A summary of what was kept and dropped goes
to stdout. `--cache FILE` keeps the corpus counts in a JSON file keyed by the pattern list, so a
re-run with unchanged phrases skips the corpus scan.

Rules (all mechanical; the few hand decisions are in the tables EXPECTED_OVERRIDES,
KEEP_SLASH_PAIRS, KNOWN_ACRONYMS and EXAMPLES below):

Text normalisation (both columns)
  NBSP and other spaces -> space; curly quotes -> ASCII; U+2010..U+2015 and U+2212 -> "-";
  the export's backslash escapes (\\" and \\&) are undone; runs of spaces collapse.

Tortured phrase (the SPUN side)
  * lower-cased. A trailing acronym parenthetical ("key segment analysis (pca)") is removed and the
    acronym remembered: the engine cannot match across "(", and the shorter phrase is usually
    still tortured on its own. It is weaker evidence, though (see Confidence), and when the
    shorter phrase is a PPS expected phrase ("dimensionality reduction (dr)" => diabetic
    retinopathy) the row is dropped.
  * The engine matches words separated by whitespace only, so a phrase that still contains other
    punctuation (comma, slash, parenthesis, full stop, "&", a dangling hyphen or apostrophe) cannot
    match running text: dropped ("punctuation").
  * Rows that are not tortured phrases at all are dropped:
      - the phrase is a context phrase (after AND / NOT) of another row's PPS fingerprint and the row
        has no paper count of its own (the first export turned every quoted phrase of a fingerprint
        into a pair, e.g. "be that as it" => "computer-aided", "paranoid android", "neural network");
      - the phrase is itself the expected (original) phrase of some PPS entry ("machine learning",
        "supervised learning", "benign tumor") and the row has no paper count: a legitimate term.
        (With a paper count PPS fingerprinted it, e.g. "area unit", expected of "vicinity unit".)
      - the replacement equals the phrase up to case, hyphenation or a plural -s, or merely wraps
        it in more words ("cloud platform" => "the cloud platform").

Expected phrase (the ORIGINAL side)
  * Unknown -> detect-only (`=> ?`): "???", "(?)" alone, a value starting with "?", or any "???".
    Any remaining text goes in the note.
  * Explanations -> detect-only with the explanation as note: values that describe rather than
    restate ("the word 'are' as in ...", "paraphrased versions of ...", "search and replace ...").
    "X, see URL" keeps X as replacement and puts "see URL" in the note.
  * A trailing or embedded "?" (e.g. "viral quality?", "logistic regression (?)") keeps the guess
    as replacement and adds the note "PPS marks this original as uncertain".
  * Round parentheticals:
      - acronym: a short form whose letters spell the words before it (Schwartz-Hearst test), a
        known acronym, or a vowel-less/alphanumeric token, possibly several ("(cns, pns)",
        "(edx or edxs)") -> removed; the acronym is remembered for casing. The reverse layout
        "nlp (natural language processing)" keeps the acronym and removes the expansion.
      - explanation: starts with a cue ("in", "of", "as in", "e.g.", "i.e.", "see", "note",
        "or", "a", "part of", "=", ...), or has 3+ words -> removed, shown in the note.
        "(or "X")" / "(or possibly "X")" makes X an alternative (also:).
      - attached to a word with no space ("emotion(al)", "(web)sites") -> an optional part.
      - anything else (1-2 plain words, "10-fold cross (validation)") -> an optional part.
  * Square brackets ("supervised [machine] learning") -> an optional part; "[...]" is removed.
  * Optional parts are resolved by word alignment: the combination of kept/removed parts whose
    word count (split at spaces and hyphens) equals the tortured phrase's wins; with no such
    combination the default applies (attached parts kept, all others removed). So
    "10-crease cross" => "10-fold cross" (the parenthetical names the next word, which the
    tortured phrase does not cover; a note keeps the PPS wording), "encompassed virus" =>
    "enveloped virus", "administered education" => "supervised learning".
  * Slashes: a pair in KEEP_SLASH_PAIRS or with a side of <= 3 characters or a digit ("i/o",
    "tcp/ip", "input/output") is a term and stays. Otherwise the value is split into alternatives,
    either word-wise ("benign cancer/tumor" -> benign cancer, benign tumor) or phrase-wise
    ("digital crime/cyber crime" -> digital crime, cyber crime; always for " / "), whichever gives
    more alternatives with the tortured phrase's word count (ties: word-wise). The first is the
    replacement, the rest go to also:.
  * Casing: the list is lower case. Tokens written in capitals in the source ("CRISPR", "NP-hard")
    or with inner capitals ("MitM") keep them; other words are lower-cased. Acronyms gathered from
    parentheticals of the list (tortured and expected side) plus KNOWN_ACRONYMS are upper-cased
    in replacements ("cpu cores" -> "CPU cores", plural "cnns" -> "CNNs", "6g" -> "6G"), except
    tokens that the clean corpus mostly writes in lower case (ordinary words like "it", "set").
  * Chains: when a replacement is itself a kept tortured phrase ("vicinity unit" => "area unit",
    "congested trees" => "choice trees"), the chain is followed ("area unit" => ?, "choice tree"
    => "decision tree") and the note says so.
  * A value made of quoted alternatives ('"reducing tax evasion" or "combating tax evasion"')
    gives the first as replacement and the rest as also:.
  * Several rows for one tortured phrase are merged: the row with most papers gives the
    replacement, the others' replacements go to also:. also: items containing a comma are dropped
    (also: is comma-separated); values never contain "|", "#" or "=>".

Number variants (the other number of a phrase's last noun)
  The PPS list gives a phrase in one number ("irregular woodland" => random forest); only ~70 of
  its ~8,000 phrases are listed in both, and papers write both. Each kept phrase of two or more
  words (or a hyphenated one) whose last word is a noun of known number gets the other number as
  an entry of its own ("irregular woodlands" => "random forests"), with the note 'plural of the
  listed "irregular woodland"'. The number comes from WordNet (index.noun lemmas, noun.exc
  irregular plurals; wordnet-base): a word that is a lemma and no other lemma's plural is
  singular, one that only reads as a lemma's plural is plural; "data", "series" and other words
  that read both ways get no variant. The tortured side takes the first of noun.exc's forms and
  the regular one that the clean corpus writes at all ("corrosives"; no "backwoodses"). The
  replacement's last word (and each also: item's) must take the same change and its new form must
  be written in the clean corpus at least VARIANT_MIN_COUNT times and at least VARIANT_MIN_SHARE
  of the old form's count, so that no fix writes "informations" or "learnings"; a replacement
  ending in a capital or a digit gets no variant ("CNN"), and neither does a detect-only entry.
  A variant already listed, or that is itself a PPS expected phrase, is not added; nor are
  variants of phrases with a function word ("nations of inception": the last word is not the
  head) or whose noun is also a verb in WordNet ("activation works", "the speaker displays": a
  subject and its verb as often as a plural, so clean text would be fixed). Variants get their
  confidence from their own clean-corpus count by the rules below, with their phrase's notches, and at most
  MADE_VARIANT_CONFIDENCE (0.5, under the default threshold): they are applied where the document
  gate finds the text spun, e.g. beside other tortured phrases, not alone in clean text ("sets low
  goals" is ordinary English, though "low goal" => "low resolution" is listed). Since the engine
  takes the longest phrase at a word, a variant that holds a listed phrase ("coronary course
  infections" holds "coronary course") is not made: it would keep that phrase from being fixed.

Spaced forms (a hyphenated phrase written with spaces)
  A paper keeps the hyphenation of the text it spun, so "sunlight-based cell" is also written
  "sunlight based cell"; the engine matches tokens, and a listed hyphen does not match a space.
  Each hyphenated phrase (and number variant) of plain words gets its spaced form as an entry of
  its own, noted 'spaced form of the listed "sunlight-based cell"'; the replacement loses its
  hyphens where they stand as the phrase's did ("adeno related infection" => "adeno associated
  virus"), else it stays as listed. Not where the spaced form is listed already. Confidence from
  its own clean-corpus count, as below, and gate-only like the number variants.

Confidence (precision first: a wrong fix of clean text is worse than a miss)
  Occurrences of the phrase in the clean corpus (74M words; case-insensitive, whole words,
  leftmost-longest as grep -o reports them, which is also how the engine's longest match sees
  them), as a rate r per 10M words:
      r = 0 (never seen)          -> 0.95 (file default)
      0 < r <= 1                  -> 0.75
      1 < r < 10                  -> 0.4   (below the engine's default threshold 0.6)
      r >= 10 (>= 1 per million)  -> dropped ("common in clean English")
  then one notch down (0.95 -> 0.75 -> 0.4 -> 0.2) for each of:
      - the PPS fingerprint uses AND / NOT (the phrase alone is ambiguous), unless never seen;
      - no paper count, or 0 papers, and seen in clean text (weaker evidence it is tortured);
      - half or more of the words are function words ("into the combination"); two notches when
        at most one word is not a function word ("sound just", "just go for it", "as pursues");
      - the PPS phrase carried an acronym that was removed ("domestic output (gdp)"); when the
        phrase's initials spell that acronym ("partial component analysis (pca)") at most 0.4.
  Capped at 0.4: single words (no space and no hyphen; too many are ordinary words: "bosom",
  "brilliant"; hyphenated compounds like "cross-approval" count as phrases), and entries where
  PPS itself warns ("single day (caveat: false positives)", "the hr does exist"), and the phrases
  in TECHNICAL_TERMS, ordinary wording in software, reference or scientific text ("flag handling",
  "call tree", "Cadence Design Systems", "atomic composition").
  Why these cut-offs: only ~70 of the ~8,000 phrases occur in the corpus at all; those at >= 1 per
  million are ordinary English ("brilliant" 788, "ruinous" 89, "international organizations"),
  those at 1..10 per 10M are mostly collocations ("solitary day", "border situation", "first
  request"), and those seen once to seven times are a mix ("huge information", "malignant
  growth", "monetary development"). The corpus is parliamentary/UN/White House/Reuters text, so
  "never seen" is weaker evidence for scientific wording; the function-word and acronym rules
  make up for some of that.
  The papers column otherwise only ranks rows when merging; a high paper count says the phrase is
  common in tortured papers, not that it is rare in clean text, so it never raises confidence.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict, namedtuple
from concurrent.futures import ThreadPoolExecutor

# --------------------------------------------------------------------------------------------
# Hand-made tables
# --------------------------------------------------------------------------------------------

# Expected values too irregular for the rules, keyed by tortured phrase (after cleaning).
# Value: (replacement or "?", [also...], note or None)
EXPECTED_OVERRIDES = {
    "a mind boggling want": ("an incredible need", ["a staggering need"], None),
    "conformist adsorbent": ("previously studied adsorbent", ["routinely used adsorbent"],
                             "PPS marks this original as uncertain"),
    "signing acknowledgment": ("sign language recognition", [], None),
    "pack extension piece": ("bundle branch block", [],
                             'PPS: "left/right bundle branch block"'),
    "prescient quality": ("predictive value", ["negative predictive value",
                                               "positive predictive value"], None),
    "gas and mass spectroscopy": ("gas chromatography/mass spectrometry", [], None),
    "preformation": ("?", [], 'PPS fingerprint: "preformation" with rat/mouse/mice and '
                              '"final destiny" or "ultimate destiny" (final density)'),
    "differential condition": ("differential equation", [], None),
    "mobileular": ("mobile", [], 'PPS: "search and replace of cell -> mobile"'),
    "bilstm organization": ("bilstm network", [], None),
}

# Slash pairs that are terms, not alternatives.
KEEP_SLASH_PAIRS = {
    ("input", "output"), ("master", "slave"), ("acid", "base"), ("storage", "retrieval"),
    ("client", "server"), ("read", "write"), ("on", "off"), ("signal", "noise"),
    ("chromatography", "mass"), ("attention-deficit", "hyperactivity"), ("luminance", "chrominance"),
}

# Common technical acronyms, upper-cased in replacements when not written in lower case by the
# clean corpus. Mixed-case forms are given as they should appear.
KNOWN_ACRONYMS = """
AI ANN API ASCII AUC BERT CAD CDC CNN CPU CRISPR CT DC DDoS DNA DNN DoS ECG EEG EMG EU FFT FPGA
GAN GDP GPS GPU GRU HIV HTML HTTP HTTPS ICT ID IEEE IoT IP IT KNN LAN LED LSTM MAC MIMO ML MLP
MRI NGO NLP OFDM PC PCA PDE QoS RAM RFID RGB RMSE RNA RNN ROC ROI SARS-CoV-2 COVID-19 SMS SNR SQL
SVM TCP UAV UDP UN UNESCO URL US USA USB UV VANET VM VR WHO WSN WiFi Wi-Fi XML 2D 3D 4G 5G 6G F1
mRNA miRNA IPv4 IPv6 SDN IIoT IoV GB MB KB TB BiLSTM SQLi ReLU mTOR
""".split()

# Hand-picked examples: tortured phrase -> list of ("+", input, output) or ("-", input, None).
# Written as ordinary sentences; the self-check below simulates the engine on them.
EXAMPLES = {
    "counterfeit consciousness": [
        ("+", "Counterfeit consciousness is changing medicine.",
              "Artificial intelligence is changing medicine."),
        ("+", "Recent advances in counterfeit consciousness have been rapid.",
              "Recent advances in artificial intelligence have been rapid."),
    ],
    "profound learning": [
        ("+", "We use profound learning here.", "We use deep learning here."),
        ("+", "Profound learning models need large data sets.",
              "Deep learning models need large data sets."),
    ],
    "irregular woodland": [
        ("+", "The irregular woodland classifier reached 94% accuracy.",
              "The random forest classifier reached 94% accuracy."),
        ("-", "The path crosses an irregular wood.", None),
    ],
    # Number variants (made by the script, not listed by PPS) and a noun that is also a verb.
    # They are gate-only: applied beside other tortured phrases, not alone.
    "irregular woodlands": [
        ("+", "Irregular woodlands beat profound learning in counterfeit consciousness tasks.",
              "Random forests beat deep learning in artificial intelligence tasks."),
        ("-", "Irregular woodlands outperformed the baseline.", None),
    ],
    "sunlight based cells": [
        ("+", "Sunlight based cells use profound learning and counterfeit consciousness.",
              "Solar cells use deep learning and artificial intelligence."),
    ],
    "activation work": [
        ("-", "The activation works well on small inputs.", None),
    ],
    "key segment analysis": [
        ("+", "We applied key segment analysis (PCA) to the features.",
              "We applied principal component analysis (PCA) to the features."),
    ],
    "mean square blunder": [
        ("+", "The mean square blunder dropped after training.",
              "The mean square error dropped after training."),
    ],
    "signal to commotion": [
        ("+", "The signal to commotion ratio was low.", "The signal to noise ratio was low."),
    ],
    "lactose bigotry": [
        ("+", "Lactose bigotry is common in adults.", "Lactose intolerance is common in adults."),
    ],
    "colossal information": [
        ("+", "Colossal information platforms store the logs.",
              "Big data platforms store the logs."),
    ],
    "roc bend": [
        ("+", "We plot the roc bend for each model.", "We plot the ROC curve for each model."),
    ],
    # Below the default threshold (0.6): reported only with a lower threshold, text unchanged.
    "malignant growth": [
        ("-", "The surgeon removed a malignant growth.", None),
    ],
    "bosom": [
        ("-", "She held the child to her bosom.", None),
    ],
}

FUNCTION_WORDS = set("""
a an the of in on at to for from by with into onto over under as and or but nor so if then than
that this these those it its is are was were be been being has have had do does did not no
can could will would shall should may might must there their they them he she his her we our
you your i me my up down out off about after before while when where which who whom what how
all any some such each every both either neither very just also only more most less least
""".split())

CONF_LADDER = [0.95, 0.75, 0.4, 0.2]

# Tortured phrases that are also ordinary wording in software, engineering, reference or scientific
# text, where the clean corpus (parliament, UN, news) cannot show it. Found by running the built
# dictionary (`unspin check --only tortured-phrases`, later `scripts/technical_edits.py`) over the
# technical English of a Debian 12 system: the changelogs in /usr/share/doc, Python library sources,
# C headers, package docs, manual pages and dictionaries ("fix NMCTL flag handling", "the call tree
# of a function", "the picture order count").
# Capped at 0.4: applied only in documents the spin gate finds spun.
TECHNICAL_TERMS = {
    "flag handling", "call tree", "character check", "partial request", "grouping methods",
    "bogus message", "bogus negative", "picture order", "prevent words", "artificial data",
    "macintosh convention", "info information", "whole c",
    # A spaced form (sixteenth session): "ioctl handling needs to do POST handling", HTTP POST.
    "post handling",
    # Python libraries' docs and comments (twenty-fourth session): "rotation and partition matrix
    # search" (scikit-learn), "the entire choice tree is exhausted" (Hypothesis), "the standard
    # channel methods" (Trio).
    "matrix search", "choice tree", "channel methods",
    # Reference prose (twenty-sixth session, `technical_edits.py`'s dictd databases): "Cadence
    # Design Systems" (a company that sells design software; PPS marks "rythm pattern" uncertain),
    # "the common European crow (Corvus corone)", "determine the atomic composition" (chemistry),
    # "any sudden or short blast of wind", "it is called a back spread" (a trade in two markets).
    "cadence design", "corvus corone", "atomic composition", "short blast", "back spread",
    # Manual pages: "both these can create several execution pointers" (Perl), "the Google Cloud
    # organization ID", "use a unique mark per commit" (git fast-import), "does not prevent indirect
    # changes to kernel tunables", "Maximum probability for marking" (tc-red), "an unusably high false
    # error rate" (valgrind).
    "execution pointers", "cloud organization", "unique mark", "indirect changes", "maximum probability",
    "false error rate",
    # Among the most frequent English bigrams (over six million times each in Google Books' counts,
    # SymSpell's bigram list, PyPI symspellpy): "independent learning" is education's, "business
    # knowledge" anyone's.
    "independent learning", "business knowledge",
}
PER_10M_RARE = 1.0     # <= this rate per 10M words -> 0.75
PER_10M_COMMON = 10.0  # >= this rate per 10M words (1 per million) -> dropped

ALLOWED_OPTIONS = {"confidence", "after", "not-after", "before", "not-before", "also", "note"}

# --------------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------------

DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
QUOTES = {ord("\u2018"): "'", ord("\u2019"): "'", ord("\u02bc"): "'", ord("\u201c"): '"',
          ord("\u201d"): '"', ord("`"): "'"}


def normalise(s):
    s = unicodedata.normalize("NFC", s)
    s = s.replace('\\"', '"').replace("\\&", "&")
    s = s.translate(DASHES).translate(QUOTES)
    s = "".join(" " if unicodedata.category(c) == "Zs" or c in "\t\r\n" else c for c in s)
    s = re.sub(r"[\u200b-\u200d\u00ad]", "", s)
    return re.sub(r" +", " ", s).strip()


def nwords(s):
    """Word count for alignment: split at spaces, hyphens and slashes."""
    return len([w for w in re.split(r"[\s\-/]+", s) if re.search(r"[a-z0-9]", w, re.I)])


def fold(s):
    """Comparison key: lower case, hyphens as spaces, plural -s removed, articles kept."""
    words = re.split(r"[\s\-]+", s.lower())
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in words if w)


PLAIN_PHRASE = re.compile(r"^[a-z0-9]+(?:['-][a-z0-9]+)*(?: [a-z0-9]+(?:['-][a-z0-9]+)*)*$")


def sh_long_form(short, before):
    """Schwartz-Hearst: does `short` abbreviate the end of `before`? Returns the long form."""
    s = [c for c in short.lower() if c.isalnum()]
    if not s or not s[0].isalpha() or not before.strip():
        return None
    text = before.lower().rstrip()
    si, li = len(s) - 1, len(text) - 1
    while si >= 0:
        c = s[si]
        while li >= 0 and (text[li] != c or (si == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        si -= 1
        li -= 1
    start = text.rfind(" ", 0, li + 1) + 1
    long_form = before.rstrip()[start:]
    nlong = len(long_form.split())
    if nlong > min(len(s) + 5, 2 * len(s)):
        return None
    return long_form


def is_acronym_token(tok, before="", known=None):
    t = tok.strip().strip("?").strip()
    if not t or " " in t:
        return False
    low = t.lower()
    if known and low in known:
        return True
    if re.fullmatch(r"[a-z]*\d[a-z0-9\-]*|[a-z]+\d+", low) and re.search(r"[a-z]", low):
        return True  # 6g, p2p, f0, her2, sars-cov-2
    for cand in {low, low[:-1] if low.endswith("s") and len(low) > 2 else low}:
        letters = re.sub(r"[^a-z]", "", cand)
        if not letters:
            continue
        if len(letters) >= 2 and sh_long_form(cand, before):
            return True
        if 2 <= len(letters) <= 6 and not re.search(r"[aeiou]", letters):
            return True
    return False


EXPLANATION_CUE = re.compile(
    r"^(in|of|for|as|as in|e\.g\.?|eg|i\.e\.?|ie|see|note|or|a|an|the|part of|=|called|caveat|"
    r"please|referring|could|found|via|sometimes|us healthcare|cms program|"
    r"language processing|machine learning technique|python|software|aws service)\b", re.I)


# --------------------------------------------------------------------------------------------
# PPS query parsing
# --------------------------------------------------------------------------------------------

def query_phrases(q):
    """(main phrases, context phrases) of a PPS fingerprint: context = after the first AND/NOT."""
    main, ctx = [], []
    in_ctx = False
    for m in re.finditer(r'"([^"]*)"(?:~\d+)?|\b(AND|NOT|OR)\b|([^\s()"]+)', q):
        if m.group(2) in ("AND", "NOT"):
            in_ctx = True
            continue
        if m.group(2) == "OR":
            continue
        phrase = m.group(1) if m.group(1) is not None else m.group(3)
        phrase = normalise(phrase).lower()
        if re.fullmatch(r"~\d+", phrase):
            continue
        (ctx if in_ctx else main).append(phrase)
    return main, ctx


# --------------------------------------------------------------------------------------------
# Cleaning the expected column
# --------------------------------------------------------------------------------------------

class Cleaned:
    def __init__(self):
        self.replacement = None      # str, or "?" for detect-only
        self.also = []
        self.notes = []
        self.uncertain = False
        self.acronyms = set()        # lower-case acronym tokens found
        self.context_and = False     # expected encodes an AND context
        self.tortured_acronym = None  # acronym removed from the tortured phrase
        self.same_initials = False    # ... and the phrase's initials spell that acronym
        self.pps_warns = False        # PPS itself warns of false positives
        self.reason = None           # drop reason


def clean_expected(raw, tortured, known_acr):
    c = Cleaned()
    e = normalise(raw)
    if not e:
        c.reason = "empty field"
        return c
    if tortured in EXPECTED_OVERRIDES:
        rep, also, note = EXPECTED_OVERRIDES[tortured]
        c.replacement, c.also = rep, list(also)
        if note:
            c.notes.append(note)
        return c
    low = e.lower()
    # Unknown originals.
    if "??" in e or re.fullmatch(r"[\s?()\[\]]*", e) or e.startswith("?") or e.startswith("[?]"):
        rest = re.sub(r"[?]+|\(\s*\)|\[\s*\]", " ", e)
        rest = re.sub(r"\s+", " ", rest).strip(" ()[]")
        c.replacement = "?"
        c.notes.append("original unknown to PPS" + (f" ({rest})" if rest else ""))
        return c
    # Explanations rather than phrases.
    if re.search(r"paraphrased version|^the word |conjugated verb|search and replace|->", low):
        c.replacement = "?"
        c.notes.append(e)
        return c
    m = re.match(r"^(.*?),?\s*\(?\s*see (https?://\S+?)\)?$", e, re.I)
    if m:
        e = m.group(1).strip()
        c.notes.append("see " + m.group(2))
    if "http" in e.lower():
        c.replacement = "?"
        c.notes.append(normalise(raw))
        return c
    # "differential equation and 1st order": context + the phrase meant.
    m = re.match(r"^differential equation and (.+)$", e, re.I)
    if m:
        e = m.group(1).replace("4st", "4th")
        c.context_and = True
        c.notes.append("in PPS fingerprints with \"differential condition\" (differential equation)")
    if re.search(r"caveat|does exist", e, re.I):
        c.pps_warns = True  # "single day (caveat: false positives)", "the hr does exist"
    quoted = re.findall(r'"([^"]+)"', e)
    if len(quoted) >= 2 and re.fullmatch(r'\s*"[^"]+"(?:\s*(?:,|\bor\b)\s*"[^"]+")+\s*', e):
        # "reducing tax evasion" or "combating tax evasion"
        c.replacement, c.also = quoted[0], quoted[1:]
        return c
    original_for_note = e
    # Asterisks (emphasis); an unclosed parenthesis ("nuclear medicine (nm") is cut off.
    e = e.replace("*", "")
    e = re.sub(r"\s*[(\[][^()\[\]]*$", "", e) or e

    # ---- parentheticals / brackets -> segments with optional parts ----
    # Represent the value as a list of (text, kind) where kind in {"fixed", "opt-in", "opt-out"}.
    parts = []
    note_bits = []
    pos = 0
    pattern = re.compile(r"\[([^\[\]]*)\]|\(((?:[^()]|\([^()]*\))*)\)")
    for m in pattern.finditer(e):
        parts.append((e[pos:m.start()], "fixed"))
        pos = m.end()
        square = m.group(1) is not None
        content = (m.group(1) if square else m.group(2)).strip()
        before_txt = e[:m.start()]
        after_txt = e[m.end():]
        attached = (m.start() > 0 and e[m.start() - 1].isalnum()) or \
                   (m.end() < len(e) and e[m.end()].isalnum())
        bare = content.strip("?. ").strip()
        if "?" in content:
            c.uncertain = True
        if not bare or bare == "...":
            continue
        if square:
            parts.append((content, "opt-out"))
            continue
        if attached:
            parts.append((bare, "opt-in"))
            continue
        # Acronym after its long form: (pca), (cns, pns), (edx or edxs), (faster r-cnn)
        toks = [t for t in re.split(r"\s*(?:,|/|\bor\b)\s*|\s+", bare) if t]
        if 1 <= len(toks) <= 3 and len(bare) <= 20 and \
                any(is_acronym_token(t, before_txt, known_acr) for t in toks) and \
                not EXPLANATION_CUE.match(bare):
            for t in re.split(r"\s*(?:,|\bor\b)\s*|\s+", bare):
                t = t.strip("?").lower()
                if t and is_acronym_token(t, before_txt, known_acr):
                    # "converters (adcs)": remember "adc"; casing renders "ADCs".
                    if len(t) > 3 and t.endswith("s") and before_txt.rstrip().endswith("s") \
                            and t[-2] != "s" and is_acronym_token(t[:-1], before_txt, known_acr):
                        t = t[:-1]
                    c.acronyms.add(t)
                    for sub in t.split("/"):
                        if sub and is_acronym_token(sub, before_txt, known_acr):
                            c.acronyms.add(sub)
            continue
        # Long form after its acronym: "nlp (natural language processing)"
        prev = re.search(r"([a-z0-9][a-z0-9\-&]*)\s*$", before_txt, re.I)
        if prev and len(bare.split()) >= 2 and sh_long_form(prev.group(1), bare) and \
                sh_long_form(prev.group(1), bare).lower() == bare.lower():
            c.acronyms.add(prev.group(1).lower())
            swapped = before_txt[:prev.start()] + bare + after_txt
            strip = lambda x: re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", x)
            if nwords(tortured) == nwords(strip(swapped)) != nwords(strip(e)):
                # "cutting edge sequencing" => "next-generation sequencing", not "ngs".
                seg = parts[-1][0]
                seg_start = m.start() - len(seg)
                if prev.start() >= seg_start:
                    parts[-1] = (seg[:prev.start() - seg_start] + bare +
                                 seg[prev.end() - seg_start:], "fixed")
            continue
        mor = re.match(r'^or (?:possibly )?"([^"]+)"$', bare)
        if mor and not after_txt.strip():
            c.also.append(mor.group(1))
            continue
        if EXPLANATION_CUE.match(bare) or len(bare.split()) >= 3:
            note_bits.append(bare)
            continue
        parts.append((bare, "opt-out"))
    parts.append((e[pos:], "fixed"))

    target = nwords(tortured)
    optional = [i for i, (_, k) in enumerate(parts) if k != "fixed"][:4]

    def render_spaced(choice):
        # Optional parts not attached get spaces around them; attached ones are glued.
        out = ""
        for i, (txt, kind) in enumerate(parts):
            if kind == "fixed":
                out += txt
            elif choice.get(i):
                glue_left = out and out[-1].isalnum()
                nxt = parts[i + 1][0] if i + 1 < len(parts) else ""
                if kind == "opt-in":
                    out += txt
                else:
                    out += (" " if glue_left else "") + txt + (" " if nxt[:1].isalnum() else "")
        return re.sub(r"\s+", " ", out).strip(" ,;:")

    defaults = {i: parts[i][1] == "opt-in" for i in optional}
    best = defaults
    if optional:
        matches = []
        for mask in range(1 << len(optional)):
            choice = {i: bool(mask >> j & 1) for j, i in enumerate(optional)}
            if nwords(render_spaced(choice)) == target:
                dist = sum(choice[i] != defaults[i] for i in optional)
                matches.append((dist, mask, choice))
        if matches:
            best = min(matches, key=lambda x: (x[0], x[1]))[2]
    e2 = render_spaced(best)
    dropped_words = [parts[i][0] for i in optional if not best[i] and parts[i][1] == "opt-out"]
    if dropped_words or note_bits:
        c.notes.append(f'PPS: "{original_for_note}"')

    # ---- uncertainty marks ----
    if "?" in e2:
        c.uncertain = True
        e2 = re.sub(r"\s*\?+", "", e2).strip()
    e2 = e2.replace('"', "").strip(" ,;:")
    if not e2:
        c.reason = "empty field"
        return c

    # ---- slashes ----
    alternatives = split_slashes(e2, target)
    c.replacement = alternatives[0]
    c.also = alternatives[1:] + c.also
    if c.uncertain:
        c.notes.append("PPS marks this original as uncertain")
    return c


def keep_slash(a, b):
    a2, b2 = a.lower(), b.lower()
    if (a2, b2) in KEEP_SLASH_PAIRS:
        return True
    if (len(a2) <= 3 and len(b2) <= 3) or re.search(r"\d", a2 + b2):
        return True
    return False


def split_slashes(s, target):
    if "/" not in s:
        return [s]
    if " / " in s or "/ " in s or " /" in s:
        alts = [a.strip() for a in re.split(r"\s*/\s*", s) if a.strip()]
        return alts or [s]
    words = s.split(" ")
    # Word-wise: each slash token expands.
    slash_idx = []
    for i, w in enumerate(words):
        if "/" in w:
            sides = w.split("/")
            if all(keep_slash(sides[k], sides[k + 1]) for k in range(len(sides) - 1)):
                continue
            slash_idx.append(i)
    if not slash_idx:
        return [s]
    first = list(words)
    for i in slash_idx:
        first[i] = words[i].split("/")[0]
    wordwise = [" ".join(first)]
    for i in slash_idx:
        for alt in words[i].split("/")[1:]:
            v = list(first)
            v[i] = alt
            wordwise.append(" ".join(v))
    # Phrase-wise: split the whole value at the (single) slash token.
    phrasewise = None
    if len(slash_idx) == 1:
        i = slash_idx[0]
        sides = words[i].split("/")
        if len(sides) == 2:
            phrasewise = [" ".join(words[:i] + [sides[0]]), " ".join([sides[1]] + words[i + 1:])]
    score = lambda alts: sum(nwords(a) == target for a in alts)
    if phrasewise and score(phrasewise) > score(wordwise):
        return phrasewise
    return wordwise


# --------------------------------------------------------------------------------------------
# Casing
# --------------------------------------------------------------------------------------------

def apply_case(text, acronyms, forms):
    """Lower-case ordinary words, keep written capitals, upper-case known acronyms.

    acronyms: set of lower-case tokens to upper-case; forms: lower -> mixed-case spelling."""
    out = []
    for tok in re.split(r"(\s+)", text):
        if not tok or tok.isspace():
            out.append(tok)
            continue
        letters = re.sub(r"[^A-Za-z]", "", tok)
        if len(letters) >= 2 and letters.isupper():
            out.append(tok)
            continue
        if re.search(r"[a-z][A-Z]", tok):
            out.append(tok)
            continue
        low = tok.lower()
        out.append(case_token(low, acronyms, forms))
    return "".join(out)


def case_token(low, acronyms, forms):
    m = re.match(r"^(\W*)(.*?)(\W*)$", low)
    lead, core, trail = m.groups()
    if not core:
        return low

    def one(w):
        if w in forms:
            return forms[w]
        if w in acronyms:
            return w.upper()
        if len(w) > 2 and w.endswith("s") and w[:-1] in acronyms and len(w[:-1]) >= 2:
            return forms.get(w[:-1], w[:-1].upper()) + "s"
        return None

    whole = one(core)
    if whole:
        return lead + whole + trail
    pieces = re.split(r"([\-/&])", core)
    cased = [(one(p) if len(p) >= 3 else None) or p for p in pieces]
    return lead + "".join(cased) + trail


# --------------------------------------------------------------------------------------------
# Corpus counting
# --------------------------------------------------------------------------------------------

WORDNET_DIR = "/usr/share/wordnet"
# Number variants and spaced forms are made here, not seen by PPS in papers, and a form the
# news corpus never has may still be ordinary English ("sets low goals" for the listed "low goal"
# => "low resolution"): they are gate-only, applied where the document gate finds the text spun
# (tortured phrases beside them), not in clean text.
MADE_VARIANT_CONFIDENCE = 0.5
# A replacement's new last word must be this common in the clean corpus, and this share of the
# old word's count (number variants; see the docstring).
VARIANT_MIN_COUNT = 5
VARIANT_MIN_SHARE = 0.05


Nouns = namedtuple("Nouns", "lemmas irregular plurals verbs")


def read_nouns(directory=WORDNET_DIR):
    """WordNet's one-word noun lemmas, irregular plural -> lemmas (noun.exc), lemma -> irregular
    plurals, and the verb lemmas."""
    lemmas, verbs = set(), set()
    try:
        for name, into in (("index.noun", lemmas), ("index.verb", verbs)):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                for line in f:
                    if not line.startswith(" "):
                        into.add(line.split(" ", 1)[0])
        irregular, plurals = defaultdict(list), defaultdict(list)
        with open(os.path.join(directory, "noun.exc"), encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                for lemma in parts[1:]:
                    irregular[parts[0]].append(lemma)
                    plurals[lemma].append(parts[0])
    except OSError as e:
        sys.exit(f"build_tortured_phrases.py: {e.filename}: {e.strerror} (apt-get install wordnet-base)")
    return Nouns(lemmas, irregular, plurals, verbs)


def other_number(word, nouns):
    """('plural', forms) for a singular noun, ('singular', forms) for a plural one, best first
    (noun.exc's forms before the regular ones); None when WordNet reads the word both ways or not
    as a noun."""
    lemmas, irregular, plurals = nouns.lemmas, nouns.irregular, nouns.plurals
    singulars = [w for w in irregular.get(word, []) if w != word]
    for suffix, stem in (("ies", "y"), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
                         ("shes", "sh"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            singulars.append(word[:-len(suffix)] + stem)
            break
    singulars = [w for w in dict.fromkeys(singulars) if w in lemmas and w != word]
    if word in lemmas and not singulars:
        if re.search(r"(s|x|z|ch|sh)$", word):
            regular = word + "es"
        elif re.search(r"[^aeiou]y$", word):
            regular = word[:-1] + "ies"
        else:
            regular = word + "s"
        return "plural", list(dict.fromkeys(plurals.get(word, []) + [regular]))
    if singulars and word not in lemmas:
        return "singular", singulars
    return None


def split_last(phrase):
    """(everything before the last word, the last word) of a phrase; a hyphenated last word is
    split at its last hyphen ("cross-approval": "cross-", "approval")."""
    cut = max(phrase.rfind(" "), phrase.rfind("-"))
    return phrase[:cut + 1], phrase[cut + 1:]


def last_noun(phrase, nouns):
    """(head, last word, other_number of it) when the phrase ends in a plain lower-case word of
    three letters or more whose number WordNet knows; else None."""
    head, last = split_last(phrase)
    if not re.fullmatch(r"[a-z]{3,}", last):
        return None
    number = other_number(last, nouns)
    return (head, last, number) if number else None


def shadows_listed(variant, listed):
    """Whether a listed phrase is part of `variant` ("coronary course" of "coronary course
    infections"): the engine takes the longest phrase at a word, so the gate-only variant would
    keep the listed one from being fixed in clean-looking text."""
    words = variant.split(" ")
    return any(" ".join(words[a:b]) in listed
               for a in range(len(words)) for b in range(a + 1, len(words) + 1) if b - a < len(words))


def unhyphenated_like(replacement, phrase):
    """`replacement` with its hyphens as spaces when they stand where `phrase`'s do (the same
    words, each with as many hyphens); else as it is."""
    if replacement == "?":
        return replacement
    r, p = replacement.split(" "), phrase.split(" ")
    if len(r) == len(p) and all(a.count("-") == b.count("-") for a, b in zip(r, p)):
        return replacement.replace("-", " ")
    return replacement


def tortured_variant(phrase, nouns):
    """(the phrase in the other number, its forms best first; 'plural' or 'singular') or None:
    see number variants.
    Not for phrases with a function word ("nations of inception": the head is not the last
    word), nor where the noun is also a verb: "activation works" and "the speaker displays" are
    as often a subject and its verb as a plural, and would be fixed in clean text."""
    if " " not in phrase and "-" not in phrase:
        return None
    if any(w in FUNCTION_WORDS for w in re.split(r"[ -]", phrase)):
        return None
    found = last_noun(phrase, nouns)
    if not found:
        return None
    head, last, (kind, forms) = found
    if (last if kind == "plural" else forms[0]) in nouns.verbs:
        return None
    return [head + form for form in forms], kind


def replacement_variant(phrase, kind, nouns, word_count):
    """The replacement phrase in number `kind`, its new last word attested in clean text; or None."""
    found = last_noun(phrase, nouns)
    if not found or found[2][0] != kind:
        return None
    head, last, (_, forms) = found
    n, best = max(((word_count.get(f, 0), f) for f in forms), key=lambda x: x[0])
    if n < VARIANT_MIN_COUNT or n < VARIANT_MIN_SHARE * word_count.get(last, 0):
        return None
    return head + best


def corpus_word_total(corpus_dir, files):
    src = os.path.join(corpus_dir, "SOURCES.md")
    try:
        with open(src, encoding="utf-8") as f:
            for line in f:
                if line.startswith("| **total**"):
                    cells = [x.strip(" *") for x in line.split("|")]
                    return int(cells[3].replace(",", ""))
    except (OSError, ValueError, IndexError):
        pass
    total = 0
    for path in files:
        xz = subprocess.Popen(["xz", "-dc", path], stdout=subprocess.PIPE)
        wc = subprocess.run(["wc", "-w"], stdin=xz.stdout, capture_output=True, text=True,
                            check=True)
        xz.wait()
        total += int(wc.stdout.split()[0])
    return total


def grep_file(path, pattern_file, tokens=False):
    """Case-insensitive fixed-string matches in one xz file, counted as printed (original case).

    Phrases: whole-word matches (grep -oiwF). Tokens: the text is first split into one token per
    line (tr), then whole lines are matched (grep -xiF); much faster for short single words,
    which make grep -w retry at every partial hit."""
    env = dict(os.environ, LC_ALL="C")
    procs = [subprocess.Popen(["xz", "-dc", path], stdout=subprocess.PIPE)]
    if tokens:
        procs.append(subprocess.Popen(["tr", "-cs", "A-Za-z0-9-", "\n"], stdin=procs[-1].stdout,
                                      stdout=subprocess.PIPE, env=env))
        grep_args = ["grep", "-xiF", "-f", pattern_file]
    else:
        grep_args = ["grep", "-oiwF", "-f", pattern_file]
    procs.append(subprocess.Popen(grep_args, stdin=procs[-1].stdout, stdout=subprocess.PIPE,
                                  env=env))
    for p in procs[:-1]:
        p.stdout.close()
    counts = Counter()
    for line in procs[-1].stdout:
        counts[line.rstrip(b"\n").decode("utf-8", "replace")] += 1
    codes = [p.wait() for p in procs]
    if any(codes[:-1]) or codes[-1] not in (0, 1):
        raise RuntimeError(f"corpus scan failed for {path}: exit codes {codes}")
    return counts


def count_in_corpus(phrases, tokens, corpus_dir, cache_path=None):
    """Counters of matched text (original case) for lower-case phrases and single tokens."""
    files = sorted(os.path.join(corpus_dir, f) for f in os.listdir(corpus_dir)
                   if f.endswith(".txt.xz"))
    if not files:
        sys.exit(f"no *.txt.xz files in {corpus_dir}")
    key = hashlib.sha256(("\n".join(sorted(phrases)) + "\n--\n" + "\n".join(sorted(tokens)) +
                          "\n--\n" + "\n".join(f"{os.path.basename(p)}:{os.path.getsize(p)}"
                                                for p in files)).encode()).hexdigest()
    if cache_path and os.path.exists(cache_path):
        with open(cache_path, encoding="utf-8") as f:
            cached = json.load(f)
        if cached.get("key") == key:
            return (Counter(cached["phrases"]), Counter(cached["tokens"]), cached["words"],
                    files, True)
    words = corpus_word_total(corpus_dir, files)
    pattern_files = []
    for items in (phrases, tokens):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="ascii",
                                         errors="ignore") as pf:
            pf.write("\n".join(sorted(items)) + "\n")
            pattern_files.append(pf.name)
    jobs = [(p, pattern_files[0], False) for p in files] + \
           [(p, pattern_files[1], True) for p in files]
    results = [Counter(), Counter()]
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
            for (_, _, tok), counts in zip(jobs, pool.map(lambda j: grep_file(*j), jobs)):
                results[1 if tok else 0].update(counts)
    finally:
        for pf in pattern_files:
            os.unlink(pf)
    if cache_path:
        with open(cache_path, "w", encoding="utf-8") as f:
            json.dump({"key": key, "words": words, "phrases": results[0], "tokens": results[1]},
                      f)
    return results[0], results[1], words, files, False


# --------------------------------------------------------------------------------------------
# Format check and example simulation
# --------------------------------------------------------------------------------------------

ENTRY_RE = re.compile(r"^(\S(?:.*?\S)?) => (.+)$")


def parse_dict(text):
    """Parse per FORMAT.md; returns (header, entries) or raises ValueError('LINE: msg')."""
    header, entries, keys = {}, [], set()
    last = None
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("  + ") or line.startswith("  - "):
            if last is None:
                raise ValueError(f"{n}: example before any entry")
            if line.startswith("  + "):
                body = line[4:]
                if " => " not in body:
                    raise ValueError(f"{n}: example without ' => '")
                inp, out = body.split(" => ", 1)
                last["examples"].append(("+", inp, out))
            else:
                last["examples"].append(("-", line[4:], None))
            continue
        if line.startswith("@"):
            m = re.match(r"^@(name|description|source|licence|confidence|class|kind) (.+)$", line)
            if not m:
                raise ValueError(f"{n}: bad directive")
            if m.group(1) == "confidence":
                v = float(m.group(2))
                if not 0 <= v <= 1:
                    raise ValueError(f"{n}: confidence out of range")
            header[m.group(1)] = m.group(2)
            continue
        if line[0].isspace():
            raise ValueError(f"{n}: unexpected indentation")
        fields = line.split(" | ")
        m = ENTRY_RE.match(fields[0])
        if not m:
            raise ValueError(f"{n}: expected 'SPUN => ORIGINAL'")
        spun, rep = m.group(1), m.group(2)
        if "=>" in rep or "|" in rep or "#" in line:
            raise ValueError(f"{n}: bad character in entry")
        if not PLAIN_PHRASE.match(spun):
            raise ValueError(f"{n}: SPUN is not plain words: {spun!r}")
        if spun in keys:
            raise ValueError(f"{n}: duplicate SPUN {spun!r}")
        keys.add(spun)
        opts = {}
        for fld in fields[1:]:
            if ": " not in fld:
                raise ValueError(f"{n}: option without ': '")
            k, v = fld.split(": ", 1)
            if k not in ALLOWED_OPTIONS or k in opts or not v.strip() or "|" in v:
                raise ValueError(f"{n}: bad option {k!r}")
            if k == "confidence" and not 0 <= float(v) <= 1:
                raise ValueError(f"{n}: confidence out of range")
            if k == "also" and any(not x.strip() for x in v.split(",")):
                raise ValueError(f"{n}: empty also item")
            opts[k] = v
        last = {"spun": spun, "rep": rep, "opts": opts, "examples": [], "line": n}
        entries.append(last)
    if "name" not in header:
        raise ValueError("0: missing @name")
    return header, entries


WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")


def simulate(text, table, threshold=0.6):
    """Minimal stand-in for the engine: whole words, the longest listed phrase at each word
    whatever its confidence, case pattern copied; with two or more strong matches (>= 0.8), weak
    ones are raised as DocumentSpinGate raises them (c + (1 - c) * 0.5 * evidence, full evidence
    at 1.5 strong matches per 100 words)."""
    toks = list(WORD_RE.finditer(text))
    maxlen = max((len(k) for k in table), default=1)
    hits, i = [], 0
    while i < len(toks):
        hit = None
        for n in range(min(maxlen, len(toks) - i), 0, -1):
            span = toks[i:i + n]
            if any(text[span[j].end():span[j + 1].start()].strip() for j in range(n - 1)):
                continue
            key = tuple(t.group(0).lower() for t in span)
            if key in table:
                hit = (i, n, table[key][0], table[key][1])
                break
        if not hit:
            i += 1
            continue
        hits.append(hit)
        i += hit[1]
    strong = [h for h in hits if h[3] >= 0.8]
    evidence = min(1.0, len(strong) * 100 / max(100, len(toks)) / 1.5) if len(strong) >= 2 else 0.0
    out, pos = [], 0
    for i, n, rep, conf in hits:
        if rep == "?" or conf + (1 - conf) * 0.5 * evidence < threshold:
            continue
        found = text[toks[i].start():toks[i + n - 1].end()]
        if found.isupper() and len(found) > 1:
            rep = rep.upper()
        elif found[0].isupper() and found[1:] == found[1:].lower():
            rep = rep[0].upper() + rep[1:]
        elif found != found.lower():
            rep = " ".join(w.capitalize() for w in rep.split(" "))
        out.append(text[pos:toks[i].start()] + rep)
        pos = toks[i + n - 1].end()
    out.append(text[pos:])
    return "".join(out)


def self_check(text):
    header, entries = parse_dict(text)
    default = float(header.get("confidence", 0.9))
    table = {}
    for e in entries:
        conf = float(e["opts"].get("confidence", default))
        table[tuple(e["spun"].split(" "))] = (e["rep"], conf)
    problems = []
    for e in entries:
        for kind, inp, out in e["examples"]:
            got = simulate(inp, table)
            want = out if kind == "+" else inp
            if got != want:
                problems.append(f"line {e['line']} ({e['spun']}): {inp!r} -> {got!r}, "
                                f"expected {want!r}")
    return entries, problems


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    project = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shared", nargs="?", default=os.path.join(project, "..", "shared"),
                    help="shared folder with data/ and corpus/ (default: <project>/../shared)")
    ap.add_argument("--output", default=os.path.join(project, "dictionaries",
                                                     "tortured-phrases.dict"))
    ap.add_argument("--cache", help="JSON file caching the corpus counts")
    args = ap.parse_args(argv)
    t0 = time.time()
    shared = os.path.abspath(args.shared)
    tsv = os.path.join(shared, "data", "tortured-phrases.tsv")
    corpus_dir = os.path.join(shared, "corpus")

    with open(tsv, encoding="utf-8") as f:
        lines = f.read().split("\n")
    head = lines[0].split("\t")
    if head[:4] != ["tortured", "expected", "papers", "pps_query"]:
        sys.exit(f"{tsv}: unexpected header {head}")
    rows = []
    for ln in lines[1:]:
        if not ln.strip():
            continue
        cols = (ln.split("\t") + ["", "", "", ""])[:4]
        rows.append(cols)

    dropped = Counter()
    drop_examples = defaultdict(list)

    def drop(reason, tortured, expected):
        dropped[reason] += 1
        if len(drop_examples[reason]) < 4:
            drop_examples[reason].append(f"{tortured} => {expected}")

    # Context phrases of fingerprints and acronyms from the tortured side.
    context_phrases = set()
    for _, _, _, q in rows:
        if q:
            context_phrases.update(query_phrases(normalise(q))[1])

    known = {a.lower() for a in KNOWN_ACRONYMS}
    forms = {a.lower(): a for a in KNOWN_ACRONYMS if a != a.upper()}

    # Pass 1: clean the tortured side.
    prepared = []
    for tortured_raw, expected_raw, papers, query in rows:
        t = normalise(tortured_raw).lower()
        if not t or not normalise(expected_raw):
            drop("empty field", tortured_raw, expected_raw)
            continue
        t_acr = None
        m = re.match(r"^(.*\S)\s*\(([a-z0-9][a-z0-9\-&/]*)\)$", t)
        if m:
            t, t_acr = m.group(1), m.group(2)
        if not PLAIN_PHRASE.match(t):
            drop("punctuation in tortured phrase", tortured_raw, expected_raw)
            continue
        if t in context_phrases and not papers.strip() and \
                not re.match(r"differential equation and ", normalise(expected_raw)):
            drop("context phrase of another PPS fingerprint (AND/NOT part)", tortured_raw,
                 expected_raw)
            continue
        prepared.append((t, t_acr, tortured_raw, expected_raw, papers, normalise(query)))

    # Pass 2: clean the expected side.
    cleaned = []
    for t, t_acr, t_raw, e_raw, papers, query in prepared:
        c = clean_expected(e_raw, t, known)
        if c.reason:
            drop(c.reason, t_raw, e_raw)
            continue
        if t_acr:
            c.acronyms.add(t_acr)
            c.tortured_acronym = t_acr
            letters = re.sub(r"[^a-z]", "", t_acr)
            initials = "".join(w[0] for w in re.split(r"[\s\-]+", t) if w)
            if letters and letters in (initials, initials + "s") or \
                    (letters.endswith("s") and letters[:-1] == initials):
                # "dimensionality reduction (dr)" => diabetic retinopathy: the phrase keeps the
                # acronym's initials, so without the acronym it may be a real term.
                c.same_initials = True
        cleaned.append((t, c, t_raw, e_raw, papers, query))

    # Acronym set from the list itself (validated by their expansions) plus the known list.
    acr_from_list = set()
    for _, c, *_ in cleaned:
        acr_from_list |= {a for a in c.acronyms if re.search(r"[a-z]", a)}
    # Tokens written in capitals in the source expected values.
    for _, _, _, e_raw, _, _ in prepared:
        for tok in re.findall(r"[A-Za-z0-9][A-Za-z0-9\-&']*", normalise(e_raw)):
            letters = re.sub(r"[^A-Za-z]", "", tok)
            if len(letters) >= 2 and letters.isupper():
                acr_from_list.add(tok.lower())
    acr_candidates = acr_from_list | known

    # Expected phrases of the whole list (legitimate terms).
    legit = set()
    for _, c, *_ in cleaned:
        if c.replacement != "?":
            legit.add(fold(c.replacement))
            legit.update(fold(a) for a in c.also)

    # Pass 3: per-row drops that need the whole list.
    kept_rows = []
    for t, c, t_raw, e_raw, papers, query in cleaned:
        if c.replacement != "?":
            ft, fr = fold(t), fold(c.replacement)
            if ft == fr or ft in {fold(a) for a in c.also}:
                drop("replacement equals tortured phrase", t_raw, e_raw)
                continue
            if re.search(r"(^| )" + re.escape(ft) + r"( |$)", fr):
                drop("replacement contains the tortured phrase", t_raw, e_raw)
                continue
        if fold(t) in legit and (not papers.strip() or c.tortured_acronym):
            drop("tortured phrase is itself an expected phrase of PPS", t_raw, e_raw)
            continue
        kept_rows.append((t, c, t_raw, e_raw, papers, query))

    # Merge duplicates (same cleaned tortured phrase).
    by_key = defaultdict(list)
    for row in kept_rows:
        by_key[row[0]].append(row)
    merged = {}
    n_merged = 0
    for t, group in by_key.items():
        group.sort(key=lambda r: (-(int(r[4]) if r[4].strip().isdigit() else -1),
                                  r[1].replacement == "?"))
        n_merged += len(group) - 1
        merged[t] = group

    # Number variants of the tortured side, and the words a replacement's variant may need.
    nouns = read_nouns()
    variant_of = {}
    for t in merged:
        v = tortured_variant(t, nouns)
        candidates = [f for f in v[0] if f not in merged and fold(f) not in legit] if v else []
        if candidates:
            variant_of[t] = (candidates, v[1])
    # The words whose counts decide: a replacement's last word and its other forms, and the new
    # last word of each tortured-side form.
    variant_words = set()
    for group in merged.values():
        for r in group:
            for found in filter(None, (last_noun(value, nouns) for value in [r[1].replacement] + r[1].also)):
                _, last, (_, other_forms) = found
                variant_words.add(last)
                variant_words.update(other_forms)
    variant_forms = {f for candidates, _ in variant_of.values() for f in candidates}
    variant_words.update(split_last(f)[1] for f in variant_forms)

    # Spaced forms of hyphenated phrases (and of their number variants): "sunlight based cell".
    spaced_of = {t: t.replace("-", " ") for t in set(merged) | variant_forms
                 if "-" in t and re.fullmatch(r"[a-z0-9]+(?:[ -][a-z0-9]+)+", t)}

    # Corpus counts: tortured phrases (and their variants) plus acronym candidates (for their
    # casing) and the variants' replacement words.
    phrases = sorted(merged)
    acr_tokens = sorted(a for a in acr_candidates if re.fullmatch(r"[a-z0-9][a-z0-9\-']*", a))
    raw_phrases, raw_tokens, total_words, files, from_cache = count_in_corpus(
        sorted(set(phrases) | variant_forms | set(spaced_of.values())),
        sorted(set(acr_tokens) | variant_words), corpus_dir, args.cache)
    phrase_count = Counter()
    for txt, n in raw_phrases.items():
        phrase_count[txt.lower()] += n
    case_count = defaultdict(Counter)
    for txt, n in raw_tokens.items():
        low = txt.lower()
        kind = "lower" if txt == low else ("upper" if txt == txt.upper() else "other")
        case_count[low][kind] += n
    acronyms = set()
    english_like = []
    for a in acr_candidates:
        cc = case_count.get(a, Counter())
        if cc["lower"] > cc["upper"] + cc["other"] and cc["lower"] >= 5 and \
                not re.search(r"\d", a):
            english_like.append(a)
            continue
        acronyms.add(a)

    # Replacement, alternatives and notes per tortured phrase.
    resolved = {}
    for t in phrases:
        group = merged[t]
        rep = group[0][1].replacement
        also, notes = [], []
        for r in group:
            rc = r[1]
            for cand in ([rc.replacement] if r is not group[0] else []) + rc.also:
                if cand and cand != "?" and cand not in also:
                    also.append(cand)
            for nt in rc.notes:
                if nt not in notes:
                    notes.append(nt)
        if rep == "?" and also:
            rep = also.pop(0)
        resolved[t] = (rep, also, notes)
    # Chains: "vicinity unit" => "area unit", itself a tortured phrase (of "are").
    n_chained = 0
    by_fold = {fold(t): t for t in phrases}
    for t in phrases:
        rep, also, notes = resolved[t]
        seen = {t}
        while rep != "?" and by_fold.get(fold(rep)) and by_fold[fold(rep)] not in seen:
            seen.add(by_fold[fold(rep)])
            rep2, also2, notes2 = resolved[by_fold[fold(rep)]]
            notes = notes + [f'PPS gives "{rep}", itself a tortured phrase'] + \
                [x for x in notes2 if x not in notes]
            also = [a for a in also + also2 if a != rep2]
            rep = rep2
        if len(seen) > 1:
            n_chained += 1
        resolved[t] = (rep, also, notes)
    # Number variants whose replacement takes the same change ("irregular woodlands" => "random
    # forests"): entries of their own, with their phrase's rows.
    word_count = Counter()
    for txt, n in raw_tokens.items():
        word_count[txt.lower()] += n
    listed = set(resolved)
    made_number = set()
    for t, (candidates, kind) in sorted(variant_of.items()):
        rep, also, notes = resolved[t]
        # The first form whose new word clean English writes at all ("corrosives", not the
        # "backwoodses" of "arbitrary backwoods").
        v = next((f for f in candidates if word_count.get(split_last(f)[1], 0) > 0), None)
        if rep == "?" or v is None:
            continue
        rep_v = replacement_variant(rep, kind, nouns, word_count)
        if rep_v is None or fold(rep_v) == fold(v) or v in resolved or shadows_listed(v, listed):
            continue
        also_v = [a for a in (replacement_variant(x, kind, nouns, word_count) for x in also) if a]
        merged[v] = merged[t]
        resolved[v] = (rep_v, also_v, [f'{kind} of the listed "{t}"'] + notes)
        made_number.add(v)
    # Spaced forms: the replacement loses its hyphens where they stand as the phrase's did
    # ("sunlight based cell" => "solar cell", "adeno related infection" => "adeno associated
    # virus"), else it stays as listed.
    made_spaced = set()
    for t, v in sorted(spaced_of.items()):
        if t not in resolved or v in resolved or shadows_listed(v, listed):
            continue
        rep, also, notes = resolved[t]
        merged[v] = merged[t]
        resolved[v] = (unhyphenated_like(rep, t), [unhyphenated_like(x, t) for x in also],
                       [f'spaced form of {"" if t in made_number else "the listed "}"{t}"'] + notes)
        made_spaced.add(v)
    phrases = sorted(resolved)

    # Build entries.
    per10m = lambda n: n * 1e7 / total_words
    entries = []
    buckets = Counter()
    notches = Counter()
    detect_only = 0
    dropped_also = 0
    for t in phrases:
        group = merged[t]
        t0_, c, t_raw, e_raw, papers, query = group[0]
        n = phrase_count.get(t, 0)
        rate = per10m(n)
        if rate >= PER_10M_COMMON:
            drop("common in clean English (>= 1 per million words)", t_raw, e_raw)
            continue
        level = 0 if n == 0 else (1 if rate <= PER_10M_RARE else 2)
        has_ctx = any(re.search(r"\b(AND|NOT)\b", r[5]) or r[1].context_and for r in group)
        paper_counts = [int(r[4]) for r in group if r[4].strip().isdigit()]
        if has_ctx and n > 0:
            level += 1
            notches["AND/NOT fingerprint and seen in clean text"] += 1
        if n > 0 and (not paper_counts or max(paper_counts) == 0):
            level += 1
            notches["no paper count and seen in clean text"] += 1
        if all(r[1].tortured_acronym for r in group):
            level += 1
            notches["acronym removed from the PPS phrase"] += 1
            if all(r[1].same_initials for r in group):
                level = max(level, 2)
                notches["... and the phrase's initials spell the acronym (max 0.4)"] += 1
        words = t.split(" ")
        n_func = sum(w in FUNCTION_WORDS for w in words)
        if len(words) > 1 and n_func * 2 >= len(words):
            level += 1 if len(words) - n_func >= 2 else 2
            notches["half or more function words"] += 1
        level = min(level, len(CONF_LADDER) - 1)
        conf = CONF_LADDER[level]
        if any(r[1].pps_warns for r in group) and conf > 0.4:
            conf = 0.4
            notches["PPS warns of false positives (max 0.4)"] += 1
        if len(words) == 1 and "-" not in t and conf > 0.4:
            conf = 0.4
            notches["single word capped at 0.4"] += 1
        if t in TECHNICAL_TERMS and conf > 0.4:
            conf = 0.4
            notches["ordinary in technical text (max 0.4)"] += 1
        if (t in made_number or t in made_spaced) and conf > MADE_VARIANT_CONFIDENCE:
            conf = MADE_VARIANT_CONFIDENCE
            notches[f"number variant or spaced form (gate-only, max {MADE_VARIANT_CONFIDENCE})"] += 1

        rep, also, notes = resolved[t]
        if rep == "?":
            detect_only += 1
        rep_c = apply_case(rep, acronyms, forms) if rep != "?" else "?"
        also_c = []
        for a in also:
            ac = apply_case(a, acronyms, forms)
            if "," in ac or fold(ac) == fold(rep_c) or fold(ac) == fold(t) or ac in also_c:
                if "," in ac:
                    dropped_also += 1
                continue
            also_c.append(ac)
        fields = [f"{t} => {rep_c}"]
        if conf != 0.95:
            fields.append(f"confidence: {conf}")
        if also_c:
            fields.append("also: " + ", ".join(also_c))
        if notes:
            note = "; ".join(notes)
            note = re.sub(r"(https?://\S+?)#\S*", r"\1", note)
            note = re.sub(r"\s+", " ", note.replace("|", "/").replace("#", " ")).strip()
            fields.append("note: " + note)
        line = " | ".join(f.replace("#", " ") for f in fields)
        if "=>" in rep_c or "|" in rep_c:
            drop("bad character in replacement", t_raw, e_raw)
            continue
        entries.append((t, line, conf))
        buckets[conf] += 1

    # Examples.
    lines_out = []
    src_md = "giladfeldman/torturedcheck src/data/tortured-phrases.json (commit 3a61ac79, " \
             "list dated 2026-03-06) and hahuyhoang411/tortured-phrase data/tortured.csv " \
             "(commit 00e30149)"
    header = [
        "# Tortured phrases: paraphrases of technical terms found in problematic scientific papers.",
        "# GENERATED FILE - do not edit by hand. Made by scripts/build_tortured_phrases.py from",
        "# shared/data/tortured-phrases.tsv and the clean corpus shared/corpus/*.txt.xz; re-run with",
        "#   python3 scripts/build_tortured_phrases.py [SHARED_DIR]",
        "# (SHARED_DIR defaults to ../shared beside the project). Examples come from the EXAMPLES",
        "# table in the script; cleaning rules are in its docstring.",
        "#",
        f"# Confidence: occurrences of the phrase in {total_words:,} words of clean English",
        "# (parliament, UN, White House, Reuters; whole words, case-insensitive):",
        "#   never seen -> 0.95 (default below); <= 1 per 10M words -> 0.75; more -> 0.4;",
        "#   >= 1 per million words -> left out. Then one step down (0.95, 0.75, 0.4, 0.2) when the",
        "#   PPS fingerprint needs AND/NOT context and the phrase is seen in clean text, when PPS has",
        "#   no paper count for a phrase seen in clean text, when half the words are function words",
        "#   (two steps if only one word is not), and when the PPS phrase ended in an acronym that",
        "#   was removed (\"domestic output (gdp)\"). At most 0.4: single words, phrases whose initials",
        "#   spell that removed acronym, entries PPS itself warns about, and phrases that are ordinary",
        "#   wording in software text (TECHNICAL_TERMS in the script: \"flag handling\", \"call tree\").",
        "@name tortured-phrases",
        "@description Tortured phrases (nonsensical paraphrases of established terms, typical of "
        "machine-paraphrased scientific papers) and the terms they replaced.",
        "@source Problematic Paper Screener (PPS) of Guillaume Cabanac, Cyril Labbé and Alexander "
        "Magazinov, \"Tortured phrases: A dubious writing style emerging in science\", "
        f"arXiv:2107.06751, 2021; merged from the public exports {src_md}.",
        "@licence CC BY 4.0",
        "@kind tortured-phrases",
        "@confidence 0.95",
        "",
    ]
    lines_out.extend(header)
    missing_examples = [k for k in EXAMPLES if k not in {e[0] for e in entries}]
    for t, line, conf in entries:
        lines_out.append(line)
        for kind, inp, out in EXAMPLES.get(t, []):
            lines_out.append(f"  + {inp} => {out}" if kind == "+" else f"  - {inp}")
    text = "\n".join(lines_out) + "\n"

    parsed, problems = self_check(text)
    if missing_examples:
        problems.append(f"examples for phrases not in the output: {missing_examples}")
    if problems:
        for p in problems:
            print("SELF-CHECK:", p, file=sys.stderr)
        with open(args.output + ".rejected", "w", encoding="utf-8") as f:
            f.write(text)
        sys.exit(f"self-check failed; the rejected output is in {args.output}.rejected")

    out_dir = os.path.dirname(os.path.abspath(args.output))
    fd, tmp = tempfile.mkstemp(prefix=".tortured-", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, args.output)

    # Summary.
    print(f"read {len(rows)} rows from {tsv}")
    print(f"corpus: {len(files)} files, {total_words:,} words"
          f"{' (counts from cache)' if from_cache else ''}; "
          f"{sum(1 for p in phrases if phrase_count.get(p))} phrases seen")
    print(f"wrote {len(entries)} entries ({detect_only} detect-only) to {args.output}")
    written = {e[0] for e in entries}
    print(f"number variants: {len(made_number & written)} written, {len(made_number)} made (of "
          f"{len(variant_of)} phrases with a noun of known number last; the others' replacements do not "
          f"take the change; the rules above may drop a made one)")
    print(f"spaced forms: {len(made_spaced & written)} written, {len(made_spaced)} made (of "
          f"{len(spaced_of)} hyphenated phrases and number variants)")
    print(f"resolved {n_chained} chains (replacement itself a tortured phrase); "
          f"merged {n_merged} duplicate rows into other entries; "
          f"dropped {dropped_also} also: items containing a comma")
    print("dropped rows:")
    for reason, n in dropped.most_common():
        print(f"  {n:5d}  {reason}   e.g. " + "; ".join(drop_examples[reason][:2]))
    print("confidence buckets:")
    for conf in sorted(buckets, reverse=True):
        print(f"  {conf:4}  {buckets[conf]:5d}")
    print("confidence adjustments:")
    for k, n in notches.most_common():
        print(f"  {n:5d}  {k}")
    print(f"acronyms: {len(acronyms)} upper-cased, {len(english_like)} left lower case "
          f"(written in lower case in clean text, e.g. {', '.join(sorted(english_like)[:8])})")
    print(f"examples: {sum(len(v) for v in EXAMPLES.values())} checked")
    print(f"time: {time.time() - t0:.1f} s")


if __name__ == "__main__":
    main()
