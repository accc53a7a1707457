"""``townsquare train`` and ``townsquare evaluate``."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click
from rich.console import Console

from townsquare.cli.options import data_dir_option, load_classifier, model_dir_option
from townsquare.training import model_card
from townsquare.training.evaluate import (
    evaluate_corpora,
    evaluate_functional,
    functional_cases,
    held_out_rows,
)
from townsquare.training.report import corpus_tables, functional_table, sides_table
from townsquare.training.train import TrainOptions
from townsquare.training.train import train as run_training

CARD_FILE = "MODEL_CARD.md"
EVALUATION_FILE = "evaluation.json"


@click.command()
@data_dir_option
@model_dir_option
@click.option("--commercial", is_flag=True, help="Leave out corpora whose licence forbids commercial use.")
@click.option("--limit-per-corpus", type=click.IntRange(min=100), default=None,
              help="Train on at most this many rows of each corpus (quick runs; not for production).")
def train(data_dir: Path, model_dir: Path, commercial: bool, limit_per_corpus: int | None) -> None:
    """Train the text model from the corpora and the train templates, then evaluate it and write its card."""
    console = Console(stderr=True)
    options = TrainOptions(data_dir=data_dir, out_dir=model_dir, commercial_only=commercial,
                           limit_per_corpus=limit_per_corpus)
    run_training(options, log=console.log)
    _evaluate(model_dir, data_dir, functional=True, json_path=model_dir / EVALUATION_FILE, card=True)


@click.command()
@data_dir_option
@model_dir_option
@click.option("--functional", is_flag=True, help="Also score the functional suite (test templates only).")
@click.option("--json", "json_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the numbers to this JSON file too.")
def evaluate(data_dir: Path, model_dir: Path, functional: bool, json_path: Path | None) -> None:
    """Precision, recall and macro-F1 on every held-out split against the majority baseline."""
    _evaluate(model_dir, data_dir, functional, json_path, card=False)


def _evaluate(model_dir: Path, data_dir: Path, functional: bool, json_path: Path | None, card: bool) -> None:
    console = Console(width=max(Console().width, 130))
    classifier = load_classifier(model_dir)
    commercial = bool(classifier.artefact.card.get("commercial_only", False))
    corpus = evaluate_corpora(classifier, held_out_rows(data_dir, commercial))
    for table in corpus_tables(corpus):
        console.print(table)
    result: dict[str, object] = {"corpora": corpus.to_dict()}
    suite = None
    if functional:
        suite = evaluate_functional(classifier, functional_cases())
        console.print(functional_table(suite))
        console.print(sides_table(suite))
        result["functional"] = suite.to_dict()
    if json_path is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(_finite(result), indent=1, allow_nan=False), encoding="utf-8")
    if card:
        (model_dir / CARD_FILE).write_text(model_card.render(classifier.artefact, corpus, suite), encoding="utf-8")
        console.print(f"model card written to {model_dir / CARD_FILE}")


def _finite(value: object) -> object:
    """NaN (a functionality a language has no case for) becomes null: JSON has no NaN."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
