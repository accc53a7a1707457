"""Benchmark of the text classifier: throughput on one core, single-post latency, peak memory.

Run: ``.venv/bin/python bench/classify.py [--posts 100000]``. It builds a mixed-language stream from
the corpora (cycled and shuffled with a fixed seed), pins every thread pool to one thread, and prints
its numbers. A baseline measured in the same run (scikit-learn's HashingVectorizer on the same posts)
gives a ratio that stays meaningful on a noisy machine. Targets (issue 5): >= 5,000 posts/s on one
core, p99 <= 10 ms for one post, peak RSS <= 1 GiB.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.feature_extraction.text import HashingVectorizer  # noqa: E402

from townsquare.paths import DEFAULT_MODEL_DIR, SHARED_DATA_DIR  # noqa: E402
from townsquare.signals.text_classifier.classifier import TextClassifier  # noqa: E402
from townsquare.training.corpora import CORPORA  # noqa: E402

BATCH = 256


def stream(n: int, data_dir: Path) -> list[str]:
    texts = [e.text for corpus in CORPORA for e in corpus.read(data_dir) if e.text.strip()]
    random.Random(0).shuffle(texts)
    return [texts[i % len(texts)] for i in range(n)]


def throughput(classifier: TextClassifier, posts: list[str]) -> tuple[float, float]:
    """(posts per wall second, posts per CPU second of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(posts), BATCH):
        classifier.classify_batch((str(i), t, None) for i, t in enumerate(posts[start : start + BATCH]))
    return len(posts) / (time.perf_counter() - wall), len(posts) / (time.process_time() - cpu)


def baseline(posts: list[str]) -> float:
    """scikit-learn's char 1-5 + word 1-2 hashing alone (no model), posts per second."""
    char = HashingVectorizer(analyzer="char", ngram_range=(1, 5), n_features=1 << 20, alternate_sign=False)
    word = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=1 << 20, alternate_sign=False)
    start = time.perf_counter()
    for i in range(0, len(posts), BATCH):
        char.transform(posts[i : i + BATCH])
        word.transform(posts[i : i + BATCH])
    return len(posts) / (time.perf_counter() - start)


def latency(classifier: TextClassifier, posts: list[str]) -> tuple[float, float]:
    timings = []
    for i, text in enumerate(posts):
        start = time.perf_counter()
        classifier.classify(text, id=str(i))
        timings.append(time.perf_counter() - start)
    return float(np.percentile(timings, 50) * 1e3), float(np.percentile(timings, 99) * 1e3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--latency-posts", type=int, default=3_000)
    parser.add_argument("--model-dir", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--data-dir", type=Path, default=SHARED_DATA_DIR)
    args = parser.parse_args()
    classifier = TextClassifier.load(args.model_dir)
    posts = stream(args.posts, args.data_dir)
    classifier.classify_batch((str(i), t, None) for i, t in enumerate(posts[:BATCH]))
    print(f"stream: {len(posts):,} posts from {len(CORPORA)} corpora, mean {np.mean([len(p) for p in posts]):.0f} "
          f"chars; model {classifier.version}")
    wall_rate, cpu_rate = throughput(classifier, posts)
    print(f"throughput: {wall_rate:,.0f} posts/s wall, {cpu_rate:,.0f} posts/s per CPU-second (target >= 5,000)")
    base = baseline(posts[: min(len(posts), 20_000)])
    print(f"baseline (scikit-learn hashing only, same posts): {base:,.0f} posts/s; "
          f"full classifier / baseline = {wall_rate / base:.2f}x")
    p50, p99 = latency(classifier, posts[: args.latency_posts])
    print(f"single-post latency: p50 {p50:.2f} ms, p99 {p99:.2f} ms (target p99 <= 10 ms)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:,.0f} MiB (target <= 1,024 MiB)")


if __name__ == "__main__":
    main()
