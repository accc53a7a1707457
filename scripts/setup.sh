#!/usr/bin/env bash
# Creates .venv with the pinned dependencies and trains the text model unless models/default holds one
# this code can load (run `townsquare train` to retrain after changing data).
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
if ! .venv/bin/python -c "from townsquare.signals.text_classifier.artefact import Artefact as A; from townsquare.paths import DEFAULT_MODEL_DIR as D; A.load(D)" 2>/dev/null; then
  echo "training the text model (a few minutes on 2 cores)..."
  .venv/bin/townsquare train --model-dir models/default
fi
