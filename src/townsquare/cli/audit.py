"""``townsquare audit``: check the hash-chained audit log against the stored decisions."""

from __future__ import annotations

import json

import click

from townsquare.core.settings import Settings
from townsquare.store.audit import verify as verify_chain
from townsquare.store.database import Database
from townsquare.store.migrate import current_revision


@click.group("audit")
def audit() -> None:
    """The append-only audit log."""


@audit.command("verify")
@click.option("--database-url", default=None, help="default: TOWNSQUARE_DATABASE_URL or ./var/townsquare.sqlite3")
@click.option("--json", "as_json", is_flag=True, help="print the report as JSON")
@click.option(
    "--anchor", "anchors", multiple=True, metavar="SEQ:HASH",
    help="an entry recorded by an earlier run (its 'anchor' line), kept outside the database; repeatable",
)  # fmt: skip
def verify(database_url: str | None, as_json: bool, anchors: tuple[str, ...]) -> None:
    """Recompute every hash; exit 0 if intact, 2 if anything was tampered with, 1 on errors.

    Keep the printed anchor somewhere the database's writers cannot reach and pass it back later:
    a chain rewritten from the start would otherwise verify."""
    parsed: dict[int, str] = {}
    for anchor in anchors:
        seq, sep, digest = anchor.partition(":")
        if not sep or not seq.isdigit() or len(digest) != 64:
            raise click.BadParameter(f"{anchor!r} is not SEQ:SHA256", param_hint="--anchor")
        parsed[int(seq)] = digest.lower()
    db = Database.from_url(database_url or Settings().database_url)
    try:
        if current_revision(db) is None:
            raise click.ClickException("this database has no townsquare schema (nothing to verify)")
        with db.reading() as session:
            report = verify_chain(session, anchors=parsed)
    finally:
        db.dispose()
    if as_json:
        click.echo(json.dumps({"ok": report.ok, **report.model_dump()}, indent=2))
    else:
        click.echo(f"entries: {report.entries}  decisions: {report.decisions}")
        click.echo(f"anchor: {report.head_seq}:{report.head}")
        for p in report.problems:
            where = f"entry {p.seq}" if p.seq is not None else f"decision {p.entity_id}"
            click.echo(f"  {where}: {p.reason}")
        click.echo("TAMPERED" if not report.ok else "ok: chain intact, every decision matches its entry")
    if not report.ok:
        raise SystemExit(2)
