"""Entry point of the ``townsquare`` command."""

from __future__ import annotations

import click

from townsquare.cli.audit import audit
from townsquare.cli.classify import classify
from townsquare.cli.moderate import moderate
from townsquare.cli.serve import serve
from townsquare.cli.statements import statements
from townsquare.cli.submit import submit
from townsquare.cli.terms import terms
from townsquare.cli.training import evaluate, train


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """townsquare: content moderation under the EU Digital Services Act."""


cli.add_command(classify)
cli.add_command(train)
cli.add_command(evaluate)
cli.add_command(moderate)
cli.add_command(terms)
cli.add_command(audit)
cli.add_command(serve)
cli.add_command(submit)
cli.add_command(statements)
