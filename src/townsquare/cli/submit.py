"""``townsquare submit``: send a JSON-lines stream of posts to a running API and summarise the decisions.

The companion of ``townsquare serve``: ``townsquare submit`` with no argument sends the bundled
sample stream. Lines are sent in batches; a line that is not a valid post is reported and skipped,
and a batch the API refuses is reported with its problem detail, so one bad line loses nothing else.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import httpx

from townsquare.paths import SAMPLE_STREAM

POST_FIELDS = {"id", "author", "text", "lang", "country", "audience", "image_refs", "created_at", "signals"}


def _posts(path: Path, default_author: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, post or None, error or None) for every non-blank line."""
    with path.open("rb") as f:
        for n, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            try:
                item = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield n, None, f"not JSON: {exc}"
                continue
            if not isinstance(item, dict):
                yield n, None, "not a JSON object"
                continue
            post = {k: v for k, v in item.items() if k in POST_FIELDS}
            post.setdefault("author", default_author)
            yield n, post, None


def _send(http: httpx.Client, batch: list[tuple[int, dict[str, Any]]], counts: Counter[str], errors: list[str]) -> list[dict[str, Any]]:
    r = http.post("/v1/moderations/batch", json={"posts": [p for _, p in batch]})
    if r.status_code == 200:
        return list(r.json()["decisions"])
    try:
        problem = r.json()
        detail = problem.get("detail", "")
        fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in problem.get("errors", [])[:5])
    except ValueError:
        detail, fields = r.text[:200], ""
    if len(batch) > 1 and r.status_code in (409, 422):  # find the offending lines one by one
        decided: list[dict[str, Any]] = []
        for item in batch:
            decided += _send(http, [item], counts, errors)
        return decided
    errors.append(f"line {batch[0][0]}: {r.status_code} {detail} {fields}".rstrip())
    counts["refused"] += len(batch)
    return []


@click.command("submit")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=SAMPLE_STREAM)
@click.option("--url", default="http://127.0.0.1:8000", show_default=True, help="the API's base URL")
@click.option("--api-key", default=None, help="a platform key (default: TOWNSQUARE_API_KEY, else the development key)")
@click.option("--batch-size", default=100, show_default=True, type=click.IntRange(1, 500))
@click.option("--author", "default_author", default="sample-author", show_default=True, help="for lines without an author")
def submit(file: Path, url: str, api_key: str | None, batch_size: int, default_author: str) -> None:
    """Moderate a JSON-lines file of posts through the API (default: the bundled sample stream)."""
    key = api_key or os.environ.get("TOWNSQUARE_API_KEY") or "dev-platform-key"
    counts: Counter[str] = Counter()
    errors: list[str] = []
    shown = 0
    try:
        with httpx.Client(base_url=url, headers={"X-API-Key": key}, timeout=60) as http:
            batch: list[tuple[int, dict[str, Any]]] = []
            lines = list(_posts(file, default_author))
            for i, (n, post, error) in enumerate(lines):
                if error is not None or post is None:
                    errors.append(f"line {n}: {error}")
                    counts["unreadable"] += 1
                else:
                    batch.append((n, post))
                if batch and (len(batch) == batch_size or i == len(lines) - 1):
                    for d in _send(http, batch, counts, errors):
                        counts[d["action"]] += 1
                        if d["action"] != "allow" and shown < 20:
                            shown += 1
                            interim = f" (meanwhile {d['interim_action']})" if d["interim_action"] else ""
                            click.echo(f"{d['post_id']:>12}  {d['action']}{interim}  {d['rule_id']}  {d['explanation'][:90]}")
                    batch = []
    except httpx.TransportError as exc:
        raise click.ClickException(f"cannot reach the API at {url}: {exc}. Start it with `townsquare serve`.") from exc
    summary = ", ".join(f"{action}: {n}" for action, n in sorted(counts.items()))
    click.echo(f"decided {sum(v for k, v in counts.items() if k not in ('refused', 'unreadable'))} posts -> {summary}")
    for e in errors[:20]:
        click.echo(f"  {e}", err=True)
    if errors:
        raise SystemExit(1)
