#!/usr/bin/env bash
# Creates .venv with the pinned dependencies and trains the text model if models/default has none.
# Idempotent: a second run only checks. Nothing is downloaded at run time, only here at install time.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements.lock
.venv/bin/python -m pip install --quiet --no-deps -e .
if [ ! -f models/default/model.json ]; then
  echo "training the text model (about two minutes on 2 cores)..."
  .venv/bin/townsquare train --model-dir models/default
fi
