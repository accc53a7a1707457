"""``townsquare classify``: the stable JSON-lines contract other tools build on."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from townsquare.cli.options import load_classifier, model_dir_option
from townsquare.signals.text_classifier.jsonl import classify_stream


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True), required=False)
@model_dir_option
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="Score at or above which a post is hateful (default: the model's policy threshold).")
def classify(file: Path | None, model_dir: Path, threshold: float | None) -> None:
    """Classify JSON lines {"id", "text", "lang"?} from FILE (or stdin) into JSON lines on stdout.

    One output line per input line, in order; a bad line yields an error object and the stream goes on.
    """
    classifier = load_classifier(model_dir)
    if file is None:
        written, errors = classify_stream(classifier, sys.stdin.buffer, sys.stdout, threshold)
    else:
        with file.open("rb") as source:
            written, errors = classify_stream(classifier, source, sys.stdout, threshold)
    click.echo(f"classified {written} post(s), {errors} error line(s)", err=True)
