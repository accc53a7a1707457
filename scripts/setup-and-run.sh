#!/usr/bin/env bash
# One command on a fresh machine: set up (and train if needed), start the API on the embedded SQLite
# default, send it the bundled multilingual sample stream, print the decisions, stop the API.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PORT=${TOWNSQUARE_DEMO_PORT:-8765}
.venv/bin/townsquare serve --port "$PORT" --log-level warning &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  if .venv/bin/python -c "import httpx,sys; httpx.get('http://127.0.0.1:$PORT/openapi.json').raise_for_status()" 2>/dev/null; then
    break
  fi
  sleep 1
done
.venv/bin/townsquare submit samples/stream.jsonl --url "http://127.0.0.1:$PORT"
echo
.venv/bin/townsquare moderate samples/stream.jsonl
