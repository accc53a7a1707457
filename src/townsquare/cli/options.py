"""Options and loading several commands share."""

from __future__ import annotations

from pathlib import Path

import click

from townsquare.paths import DEFAULT_MODEL_DIR, SHARED_DATA_DIR
from townsquare.signals.text_classifier.artefact import ArtefactError
from townsquare.signals.text_classifier.classifier import TextClassifier

model_dir_option = click.option(
    "--model-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_MODEL_DIR,
    show_default=True,
    help="Folder of the trained text model.",
)
data_dir_option = click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=SHARED_DATA_DIR,
    show_default=True,
    help="Folder of the labelled corpora (shared/data).",
)


def load_classifier(model_dir: Path) -> TextClassifier:
    """The model in ``model_dir``, or a clear command-line error saying how to get one."""
    try:
        return TextClassifier.load(model_dir)
    except ArtefactError as exc:
        raise click.ClickException(str(exc)) from exc
