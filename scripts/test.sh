#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it (.ci/run calls this script).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -f .ci/postgres.sh ]; then
  eval "$(bash .ci/postgres.sh)"   # a throwaway PostgreSQL on loopback for the store and API tests
fi
.venv/bin/python -m pytest -q "$@"
