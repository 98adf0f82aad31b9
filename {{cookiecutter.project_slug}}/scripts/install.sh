#!/bin/sh
# Install pinned requirements into the active Python environment. This is the one
# install recipe: the Dockerfile, the README and the tests all use it.
#
#   sh scripts/install.sh                        # runtime dependencies
#   sh scripts/install.sh requirements-dev.txt   # runtime dependencies and test tools
set -eu
cd "$(dirname "$0")/.."
{%- if cookiecutter.tracing == "snappyflow" %}

# sf-elastic-apm is published only as a source distribution, built here in pip's
# isolated build environment. pip < 25.3 applies PIP_CONSTRAINT to that environment,
# newer pip reads PIP_BUILD_CONSTRAINT instead; setting both works with either.
export PIP_CONSTRAINT="$PWD/build-constraints.txt"
export PIP_BUILD_CONSTRAINT="$PWD/build-constraints.txt"
{%- endif %}

# The requirements files (written by scripts/lock.sh) list every dependency, pinned with its
# hashes: pip resolves nothing and installs only files whose hashes match.
python -m pip install --no-deps --requirement "${1:-requirements.txt}"
