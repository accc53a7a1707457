"""``townsquare terms``: check the terms files and publish them for people."""

from __future__ import annotations

from pathlib import Path

import click

from townsquare.core.settings import Settings
from townsquare.policy.changelog import diff
from townsquare.policy.publish import LANGUAGES, render_html, render_markdown
from townsquare.policy.terms import TermsError, TermsHistory, load_history


def _history(terms_dir: Path | None) -> TermsHistory:
    directory = terms_dir or Settings().terms_dir
    try:
        return load_history(directory)
    except TermsError as exc:
        raise click.ClickException(str(exc)) from exc


_dir_option = click.option(
    "--terms-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="directory of <version>.yaml files (default: TOWNSQUARE_TERMS_DIR or policies/terms)",
)  # fmt: skip


@click.group("terms")
def terms() -> None:
    """Terms of use: validate, publish (Markdown/HTML) and show what changed between versions."""


@terms.command("check")
@_dir_option
def check(terms_dir: Path | None) -> None:
    """Validate every published version and the chain between them."""
    history = _history(terms_dir)
    for t in history.versions:
        click.echo(f"{t.version}  effective {t.effective}  {len(t.rules)} rules")
    click.echo(f"ok: {len(history.versions)} versions, latest {history.latest.version}")


@terms.command("publish")
@_dir_option
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--version", "version", default=None, help="a published version (default: the latest)")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="write terms-<version>.<lang>.<format> for every language into this directory instead of printing",
)  # fmt: skip
def publish(terms_dir: Path | None, lang: str, fmt: str, version: str | None, out: Path | None) -> None:
    """Render the terms with their version and changelog."""
    history = _history(terms_dir)
    try:
        selected = history.get(version)
    except TermsError as exc:
        raise click.ClickException(str(exc)) from exc
    render = render_html if fmt == "html" else render_markdown
    if out is None:
        click.echo(render(history, lang, selected.version), nl=False)
        return
    out.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        path = out / f"terms-{selected.version}.{language}.{fmt}"
        path.write_text(render(history, language, selected.version), encoding="utf-8")
        click.echo(str(path))


@terms.command("changelog")
@_dir_option
@click.argument("before", required=False)
@click.argument("after", required=False)
def changelog(terms_dir: Path | None, before: str | None, after: str | None) -> None:
    """Rule-level differences between two versions (default: the last two)."""
    history = _history(terms_dir)
    if len(history.versions) < 2 and before is None:
        raise click.ClickException("only one version is published")
    try:
        new = history.get(after)
        old = history.get(before) if before else history.versions[history.versions.index(new) - 1]
    except TermsError as exc:
        raise click.ClickException(str(exc)) from exc
    for c in diff(old, new):
        click.echo(f"{c.rule_id or 'accounts'}\t{c.kind}\t{c.before or ''}\t{c.after or ''}")
