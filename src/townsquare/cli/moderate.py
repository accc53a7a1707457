"""``townsquare moderate``: run a stream of posts through the classifier and summarise what it found."""

from __future__ import annotations

from collections import Counter
from contextlib import nullcontext
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from townsquare.cli.options import load_classifier, model_dir_option
from townsquare.paths import SAMPLE_STREAM
from townsquare.signals.text_classifier.jsonl import classify_lines

EXAMPLES_SHOWN = 8


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=SAMPLE_STREAM)
@model_dir_option
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write every verdict as JSON lines here.")
def moderate(file: Path, model_dir: Path, output: Path | None) -> None:
    """Moderate a stream of JSON-lines posts (default: the bundled multilingual sample) and summarise it."""
    console = Console()
    classifier = load_classifier(model_dir)
    by_lang: Counter[str] = Counter()
    flagged_by_lang: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    errors: list[str] = []
    examples: list[tuple[str, str, float, str]] = []
    with file.open("rb") as source, (output.open("w", encoding="utf-8") if output else nullcontext()) as sink:
        for item, verdict in classify_lines(classifier, source):
            if verdict is None:
                errors.append(f"line {item.line}: {item.message}")
                continue
            by_lang[verdict.lang] += 1
            categories.update(c.value for c, s in verdict.categories.items() if s >= verdict.threshold)
            if verdict.hateful:
                flagged_by_lang[verdict.lang] += 1
                targets[verdict.target.group if verdict.target else "unidentified"] += 1
                why = ", ".join(f"{e.signal}:{e.text}" for e in verdict.evidence[:3])
                examples.append((verdict.lang, item.text, verdict.score, why))
            if sink:
                sink.write(verdict.model_dump_json() + "\n")
    table = Table(title=f"moderated {sum(by_lang.values())} posts from {file.name} with model {classifier.version}")
    for column in ("language", "posts", "hateful", "share"):
        table.add_column(column, justify="right")
    for lang, n in sorted(by_lang.items()):
        table.add_row(lang, str(n), str(flagged_by_lang[lang]), f"{flagged_by_lang[lang] / n:.0%}")
    console.print(table)
    console.print("categories at or above threshold: " + (", ".join(f"{k} {v}" for k, v in categories.most_common())
                                                           or "none"))
    console.print("targets of hateful posts: " + (", ".join(f"{k} {v}" for k, v in targets.most_common()) or "none"))
    for lang, text, score, why in examples[:EXAMPLES_SHOWN]:
        console.print(f"  [{lang}] {score:.2f} {text[:90]!r} <- {why}")
    for error in errors:
        console.print(f"[red]rejected[/red] {error}")

