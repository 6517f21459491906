"""Reader for MyThes thesaurus files (Debian mythes-en-us: /usr/share/mythes/th_en_US_v2.dat).

The .dat format: an encoding line, then for each head word a line "word|n" followed by n sense
lines "(pos)|term|term (generic term)|...". Shared by scripts/build_context_model.py (reverse
thesaurus for the channel) and scripts/simulate_spin.py (the SEO phrase spinner).
"""

DEFAULT_PATH = "/usr/share/mythes/th_en_US_v2.dat"


def entries(path=DEFAULT_PATH):
    """Yields (head word as written, [(pos, [terms as written, annotations included])])."""
    with open(path, encoding="utf-8", errors="replace") as f:
        f.readline()
        while True:
            head = f.readline()
            if not head:
                return
            word, _, n = head.rstrip("\n").rpartition("|")
            senses = []
            for _ in range(int(n)):
                parts = f.readline().rstrip("\n").split("|")
                senses.append((parts[0].strip("()"), parts[1:]))
            yield word, senses
