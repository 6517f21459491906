#!/usr/bin/env bash
# Regenerates the shell completions (completions/) and the man page (docs/man/unspin.1)
# from the argument parser, so they always match the command line. Run after changing options.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product unspin
bin=.build/release/unspin
"$bin" --generate-completion-script bash > completions/unspin.bash
"$bin" --generate-completion-script zsh > completions/_unspin
"$bin" --generate-completion-script fish > completions/unspin.fish
swift package --allow-writing-to-package-directory generate-manual --output-directory docs/man
echo "updated completions/ and docs/man/unspin.1" >&2
