#!/usr/bin/env bash
# One command on a fresh machine: set up, train if needed, then moderate the bundled sample stream.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/townsquare moderate samples/stream.jsonl
