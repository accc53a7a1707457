"""Entry point of the ``townsquare`` command."""

from __future__ import annotations

import click

from townsquare.cli.classify import classify
from townsquare.cli.moderate import moderate
from townsquare.cli.training import evaluate, train


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """townsquare: content moderation under the EU Digital Services Act."""


cli.add_command(classify)
cli.add_command(train)
cli.add_command(evaluate)
cli.add_command(moderate)
