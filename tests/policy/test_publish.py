"""The terms are published readably, with version and changelog, in every language."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from townsquare.cli.terms import terms
from townsquare.policy.changelog import diff
from townsquare.policy.publish import render_html, render_markdown

from .factories import TERMS_DIR, history


def test_changelog_is_computed_from_the_data() -> None:
    h = history()
    changes = {(c.rule_id, c.kind) for c in diff(h.versions[0], h.versions[1])}
    assert changes == {
        ("TS-HATE-1", "thresholds"),
        ("TS-GEO-HOLOCAUST-1", "added"),
        ("TS-GEO-SYMBOLS-1", "added"),
        (None, "accounts"),
    }
    reverse = {(c.rule_id, c.kind) for c in diff(h.versions[1], h.versions[0])}
    assert ("TS-GEO-SYMBOLS-1", "removed") in reverse


def test_markdown_has_version_rules_and_changelog() -> None:
    md = render_markdown(history(), "de")
    assert "**Fassung 1.2.0**, gültig seit 2026-11-24" in md
    assert "Wert ≥ die kalibrierte Schwelle des Klassifikators für die Sprache des Beitrags: eingeschränkte Reichweite" in md
    assert "### TS-HATE-1: Hassrede" in md
    assert "DE (§ 130(3) Strafgesetzbuch)" in md
    assert "## Änderungen" in md and "### 1.0.0 (2026-01-15)" in md
    assert "TS-GEO-SYMBOLS-1: + Kennzeichen verbotener Organisationen" in md
    old = render_markdown(history(), "en", "1.0.0")
    assert "TS-GEO-HOLOCAUST-1" not in old and "**Version 1.0.0**" in old


def test_html_is_well_formed_and_escaped() -> None:
    page = render_html(history(), "fr")
    assert '<meta name="terms-version" content="1.2.0">' in page
    assert "Conditions d&#x27;utilisation" in page  # escaped apostrophe
    stack: list[str] = []

    class Check(HTMLParser):
        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag not in ("meta",):
                stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert stack.pop() == tag

    Check().feed(page)
    assert stack == []


def test_cli_publish_and_check(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(terms, ["check", "--terms-dir", str(TERMS_DIR)])
    assert result.exit_code == 0, result.output
    assert "latest 1.2.0" in result.output
    result = runner.invoke(terms, ["publish", "--terms-dir", str(TERMS_DIR), "--format", "html", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "terms-1.2.0.de.html", "terms-1.2.0.en.html", "terms-1.2.0.fr.html"
    ]
    result = runner.invoke(terms, ["changelog", "--terms-dir", str(TERMS_DIR)])
    assert re.search(r"TS-HATE-1\tthresholds\t.*remove at 0.9 .*\t.*remove at 0.85 .*reduce_reach at classifier", result.output)
    older = runner.invoke(terms, ["changelog", "--terms-dir", str(TERMS_DIR), "1.0.0", "1.1.0"])
    assert re.search(r"TS-HATE-1\tthresholds\t.*remove at 0.92.*\t.*remove at 0.9 ", older.output)


def test_cli_reports_broken_terms(tmp_path: Path) -> None:
    (tmp_path / "1.0.0.yaml").write_text("version: 1.0.0\n", encoding="utf-8")
    result = CliRunner().invoke(terms, ["check", "--terms-dir", str(tmp_path)])
    assert result.exit_code == 1 and "invalid terms" in result.output
    result = CliRunner().invoke(terms, ["publish", "--terms-dir", str(TERMS_DIR), "--version", "7.0.0"])
    assert result.exit_code == 1 and "no published terms version" in result.output
