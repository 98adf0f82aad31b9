#!/bin/sh
# Re-resolve requirements.txt and requirements-dev.txt from requirements.in and
# requirements-dev.in: every dependency pinned, with its hashes. Run it in the dev
# virtualenv (uv comes with requirements-dev.txt) after editing an .in file.
#
#   sh scripts/lock.sh                               # keep every pin that still fits
#   sh scripts/lock.sh --upgrade-package flask       # move one package (and what it needs)
#   sh scripts/lock.sh --upgrade                     # move everything to its newest release
#
# The lock holds for every Python from 3.11 on and every platform (--universal), so the
# image, CI and every developer install the same files.
set -eu
cd "$(dirname "$0")/.."

set -- --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command "sh scripts/lock.sh" --quiet "$@"
# overrides.txt replaces requirements that dependencies declare wrongly or needlessly.
if [ -f overrides.txt ]; then
    set -- --override overrides.txt "$@"
fi
# Packages built from source while resolving get the same bounds as when installing.
if [ -f build-constraints.txt ]; then
    set -- --build-constraints build-constraints.txt "$@"
fi

python -m uv pip compile requirements.in --output-file requirements.txt "$@"
python -m uv pip compile requirements-dev.in --output-file requirements-dev.txt "$@"
