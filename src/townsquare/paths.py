"""Where townsquare finds its data and writes its models, overridable by environment variables.

Defaults suit a checkout: the repository's ``data/`` and ``models/`` folders and the shared corpora
folder that sits beside the repository (``../shared/data``).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FUNCTIONAL_DIR = Path(os.environ.get("TOWNSQUARE_FUNCTIONAL_DIR", REPO_ROOT / "data" / "functional"))
SHARED_DATA_DIR = Path(os.environ.get("TOWNSQUARE_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
MODELS_DIR = Path(os.environ.get("TOWNSQUARE_MODELS_DIR", REPO_ROOT / "models"))
DEFAULT_MODEL_DIR = Path(os.environ.get("TOWNSQUARE_MODEL_DIR", MODELS_DIR / "default"))
SAMPLE_STREAM = REPO_ROOT / "samples" / "stream.jsonl"
