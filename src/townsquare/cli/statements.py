"""``townsquare statements export``: statements of reasons as files for the DSA Transparency Database.

JSON files hold at most 100 statements each, the most the database's ``POST /api/v1/statements``
takes per call, so each file is one submission; CSV is one file for people and spreadsheets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import click
from sqlalchemy.orm import Session

from townsquare.core.settings import Settings
from townsquare.decisions.export import API_BATCH_LIMIT, batches, to_json, write_csv
from townsquare.decisions.statement import StatementOfReasons
from townsquare.store import repository
from townsquare.store.database import Database


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@click.group("statements")
def statements() -> None:
    """Statements of reasons (DSA Art. 17)."""


@statements.command("export")
@click.option("--database-url", default=None, help="default: TOWNSQUARE_DATABASE_URL or ./var/townsquare.sqlite3")
@click.option("--since", callback=_date, default=None, help="first application date (YYYY-MM-DD), inclusive")
@click.option("--until", callback=_date, default=None, help="last application date (YYYY-MM-DD), exclusive")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="directory to write into")
def export(database_url: str | None, since: dt.date | None, until: dt.date | None, fmt: str, out: Path) -> None:
    """Write statements-NNNN.json (100 per file) or statements.csv; prints what was written."""
    db = Database.from_url(database_url or Settings().database_url)
    out.mkdir(parents=True, exist_ok=True)
    count = 0

    def stream(session: Session) -> Iterator[StatementOfReasons]:
        """Page through the table so memory stays bounded however many statements there are."""
        nonlocal count
        cursor: str | None = None
        while page := repository.list_statements(session, since, until, 1000, cursor):
            for row in page:
                count += 1
                yield StatementOfReasons.model_validate(row.body)
            cursor = page[-1].decision_id

    try:
        with db.reading() as session:
            if fmt == "csv":
                path = out / "statements.csv"
                with path.open("w", encoding="utf-8", newline="") as f:
                    write_csv(stream(session), f)
                click.echo(str(path))
            else:
                for i, chunk in enumerate(batches(stream(session), API_BATCH_LIMIT), start=1):
                    path = out / f"statements-{i:04d}.json"
                    path.write_text(to_json(chunk), encoding="utf-8")
                    click.echo(str(path))
    finally:
        db.dispose()
    click.echo(f"{count} statements", err=True)
