"""Benchmark the HTTP API over real HTTP on this machine.

Starts `townsquare serve` in its own process on a loopback port with a fresh SQLite database
(the embedded default, WAL, synchronous=FULL: every decision is fsync'ed before the answer), then:

- single post: sequential POST /v1/moderations on one keep-alive connection -> p50/p90/p99 latency;
- batches: POST /v1/moderations/batch -> posts per second, with 1 and with 2 concurrent clients.

Targets (issue 7): p99 <= 20 ms for one post, >= 2,000 posts/s in batches.

    python bench/api.py                                   # the real classifier (needs a trained model)
    python bench/api.py --classifier factories:KeywordClassifierDouble --pythonpath tests/policy
                                                          # the API alone, with the test double

Every loop is bounded by a request count and a deadline; the server is stopped on exit.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
KEY = {"X-API-Key": "dev-platform-key"}
DEADLINE_S = 300

WORDS = (
    "the council meeting about the new bike lanes ran late again and nobody agreed on anything "
    "honestly this is the best pastry shop in town you should try the almond croissant "
    "la réunion du conseil a encore duré trop longtemps und niemand war einverstanden "
    "what a match last night the keeper saved three penalties in a row unbelievable"
).split()


SAMPLES = [json.loads(line)["text"] for line in (REPO / "samples" / "stream.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def make_text(rng: random.Random, i: int) -> str:
    """Real multilingual posts from samples/stream.jsonl (half of them hateful, so statements of
    reasons and escalations are exercised), padded with filler to vary the length; the tokens at
    the end drive the keyword test double when it stands in for the classifier."""
    text = SAMPLES[i % len(SAMPLES)]
    if rng.random() < 0.5:
        text += " " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30)))
    if i % 5 == 0:
        text += " hateful=0.97"
    elif i % 11 == 0:
        text += " hateful=0.6"
    return text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workdir: Path, classifier: str | None, pythonpath: list[str], database_url: str | None) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), *pythonpath, os.environ.get("PYTHONPATH", "")]),
        "TOWNSQUARE_ENVIRONMENT": "development",
        "TOWNSQUARE_DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
    }
    cmd = [sys.executable, "-c", "from townsquare.cli.serve import serve; serve()", "--port", str(port), "--log-level", "warning"]
    if classifier:
        cmd += ["--classifier", classifier]
    proc = subprocess.Popen(cmd, cwd=workdir, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not start within 60 s")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_single(base: str, n: int, rng: random.Random, tag: str) -> list[float]:
    latencies: list[float] = []
    end = time.monotonic() + DEADLINE_S
    with httpx.Client(base_url=base, headers=KEY, timeout=10) as http:
        for i in range(n):
            body = {"id": f"{tag}-{i}", "author": f"user-{i % 97}", "text": make_text(rng, i), "lang": "en", "country": "DE"}
            t0 = time.perf_counter()
            r = http.post("/v1/moderations", json=body)
            latencies.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 201:
                raise SystemExit(f"unexpected {r.status_code}: {r.text[:300]}")
            if time.monotonic() > end:
                break
    return latencies


def bench_batches(base: str, batches: int, size: int, clients: int, tag: str, rng_seed: int) -> tuple[int, float, list[float]]:
    per_client = batches // clients
    lock = threading.Lock()
    done = [0]
    batch_ms: list[float] = []
    errors: list[str] = []

    def run(c: int) -> None:
        rng = random.Random(rng_seed + c)
        end = time.monotonic() + DEADLINE_S
        with httpx.Client(base_url=base, headers=KEY, timeout=60) as http:
            for b in range(per_client):
                posts = [
                    {"id": f"{tag}-{c}-{b}-{i}", "author": f"user-{i % 211}", "text": make_text(rng, i), "lang": "en"}
                    for i in range(size)
                ]
                t0 = time.perf_counter()
                r = http.post("/v1/moderations/batch", json={"posts": posts})
                ms = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    errors.append(f"{r.status_code}: {r.text[:300]}")
                    return
                with lock:
                    done[0] += size
                    batch_ms.append(ms)
                if time.monotonic() > end:
                    return

    threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise SystemExit(f"batch failed: {errors[0]}")
    return done[0], elapsed, batch_ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--classifier", default=None, help="MODULE:CALLABLE passed to `townsquare serve --classifier`")
    ap.add_argument("--pythonpath", action="append", default=[], help="extra import path for --classifier")
    ap.add_argument("--single", type=int, default=2000, help="sequential single-post requests")
    ap.add_argument("--batches", type=int, default=40, help="batch requests per run")
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--database-url", default=None, help="default: a fresh SQLite file; give an empty PostgreSQL database to bench that")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="townsquare-bench-") as tmp:
        port = free_port()
        paths = [str(REPO / p) if not os.path.isabs(p) else p for p in args.pythonpath]
        proc = start_server(port, Path(tmp), args.classifier, paths, args.database_url)
        base = f"http://127.0.0.1:{port}"
        try:
            rng = random.Random(args.seed)
            bench_single(base, 100, rng, "warmup")  # warm-up (not counted)
            lat = bench_single(base, args.single, random.Random(args.seed + 1), "single")
            backend = (args.database_url or "sqlite").split(":")[0]
            print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, database: {backend}, "
                  f"classifier: {args.classifier or 'townsquare TextClassifier'}")  # fmt: skip
            print(f"single post  n={len(lat)}  p50={statistics.median(lat):.2f} ms  p90={pct(lat, 0.90):.2f} ms  "
                  f"p99={pct(lat, 0.99):.2f} ms  max={max(lat):.2f} ms  (target p99 <= 20 ms)")  # fmt: skip
            for clients in (1, 2):
                n, elapsed, batch_ms = bench_batches(base, args.batches, args.batch_size, clients, f"c{clients}", args.seed)
                print(f"batches      {clients} client(s) x {args.batch_size} posts: {n} posts in {elapsed:.2f} s = "
                      f"{n / elapsed:,.0f} posts/s  (batch p50={statistics.median(batch_ms):.0f} ms, "
                      f"p99={pct(batch_ms, 0.99):.0f} ms; target >= 2,000 posts/s)")  # fmt: skip
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
