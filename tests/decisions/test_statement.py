"""Statements of reasons follow the Transparency Database's rules and carry no personal data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pytest
from pydantic import ValidationError

from townsquare.decisions.export import batches, to_csv, to_json
from townsquare.decisions.notice import render_notice
from townsquare.decisions.statement import StatementOfReasons, build_statement
from townsquare.policy.actions import Action, Audience
from townsquare.policy.engine import Outcome, decide
from townsquare.policy.inputs import AuthorStanding

from .factories import history, post, verdict

TERMS = history().get("1.1.0")  # the mechanics, pinned to one version
DAY = dt.date(2026, 11, 20)


def _statement(out: Outcome, **kw: Any) -> StatementOfReasons | None:
    args: dict[str, Any] = dict(
        puid="dec-1", outcome=out, terms=TERMS, content_date=DAY, application_date=DAY, content_lang="en", has_images=False
    )
    args.update(kw)
    return build_statement(**args)


def test_removal_statement() -> None:
    p = post(text="SECRET-TEXT", author="alice-personal-id")
    sor = _statement(decide(p, verdict(hateful=0.97), TERMS))
    assert sor is not None
    body = sor.to_api()
    assert body["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert body["decision_ground"] == "DECISION_GROUND_INCOMPATIBLE_CONTENT"
    assert body["incompatible_content_ground"].startswith("Townsquare Terms of Use 1.1.0, rule TS-HATE-1")
    assert body["incompatible_content_illegal"] == "Yes"
    assert body["category"] == "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"
    assert body["category_specification"] == ["KEYWORD_HATE_SPEECH"]
    assert body["content_type"] == ["CONTENT_TYPE_TEXT"]
    assert body["automated_detection"] == "Yes"
    assert body["automated_decision"] == "AUTOMATED_DECISION_FULLY"
    assert body["source_type"] == "SOURCE_VOLUNTARY" and "source_identity" not in body
    assert body["application_date"] == "2026-11-20" and body["content_language"] == "EN"
    assert len(body["territorial_scope"]) == 30
    text = json.dumps(body)
    assert "SECRET-TEXT" not in text and "alice-personal-id" not in text  # Art. 24(5)
    assert StatementOfReasons.model_validate(body) == sor  # round-trips through its own validation


@pytest.mark.parametrize(("lang", "expected"), [("de", "DE"), ("und", None), (None, None), ("hi_latn", None)])
def test_content_language_is_left_out_when_unknown(lang: str | None, expected: str | None) -> None:
    sor = _statement(decide(post(), verdict(hateful=0.97), TERMS), content_lang=lang)
    assert sor is not None and sor.content_language == expected


def test_territorial_statement_cites_the_law_of_each_country() -> None:
    out = decide(post(), verdict(), TERMS, external={"ext.banned_symbol": 0.95})
    sor = _statement(out, has_images=True)
    assert sor is not None
    assert sor.decision_ground == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert sor.illegal_content_legal_ground == "AT: Abzeichengesetz 1960; DE: § 86a Strafgesetzbuch"
    assert sor.territorial_scope == ["AT", "DE"]
    assert sor.decision_visibility == ["DECISION_VISIBILITY_CONTENT_DISABLED"]
    assert sor.content_type == ["CONTENT_TYPE_TEXT", "CONTENT_TYPE_IMAGE"]
    assert "AT, DE only" in (sor.illegal_content_explanation or "")


def test_suspension_adds_the_account_restriction() -> None:
    out = decide(post(), verdict(hateful=0.99), TERMS, AuthorStanding(active_strikes=2, warned=True))
    sor = _statement(out)
    assert sor is not None
    assert sor.decision_account == "DECISION_ACCOUNT_SUSPENDED"
    assert sor.end_date_account_restriction == DAY + dt.timedelta(days=14)


def test_no_statement_without_a_restriction() -> None:
    assert _statement(decide(post(), verdict(hateful=0.1), TERMS)) is None
    assert _statement(decide(post(), verdict(hateful=0.6), TERMS)) is None  # in review, nothing applied yet


def test_interim_restriction_during_review_gets_a_statement() -> None:
    out = decide(post(), verdict(hateful=0.6, harassment=0.7), TERMS)
    sor = _statement(out)
    assert sor is not None and sor.decision_visibility == ["DECISION_VISIBILITY_CONTENT_LABELLED"]
    assert sor.category == "STATEMENT_CATEGORY_CYBER_VIOLENCE"


def test_human_review_is_partially_automated() -> None:
    out = decide(post(), verdict(hateful=0.6), TERMS)
    sor = _statement(out, applied_action=Action.REMOVE, reviewed_by_human=True)
    assert sor is not None
    assert sor.automated_decision == "AUTOMATED_DECISION_PARTIALLY"
    assert "a human moderator confirmed" in sor.decision_facts


def test_age_restriction_for_minors() -> None:
    out = decide(post(audience=Audience.MINORS), verdict(profanity=0.9), TERMS)
    sor = _statement(out)
    assert sor is not None
    assert sor.decision_visibility == ["DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED"]
    assert sor.category == "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"


def _valid() -> dict[str, Any]:
    sor = _statement(decide(post(), verdict(hateful=0.97), TERMS))
    assert sor is not None
    return sor.to_api()


INVALID = {
    "no restriction": {"decision_visibility": None},
    "other without text": {"decision_visibility": ["DECISION_VISIBILITY_OTHER"]},
    "incompatible without explanation": {"incompatible_content_explanation": None},
    "illegal without legal ground": {"decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT"},
    "voluntary with a source identity": {"source_identity": "someone"},
    "puid with a slash": {"puid": "a/b"},
    "puid too long": {"puid": "a" * 501},
    "facts too long": {"decision_facts": "x" * 5001},
    "unknown category": {"category": "STATEMENT_CATEGORY_SPAM"},
    "unknown field": {"decision_colour": "red"},
    "non EEA scope": {"territorial_scope": ["US"]},
    "yes/no as bool": {"incompatible_content_illegal": True},
    "applied before posted": {"content_date": "2026-12-01"},
    "no content type": {"content_type": []},
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_the_model_enforces_the_database_rules(case: str) -> None:
    data = _valid() | INVALID[case]
    with pytest.raises(ValidationError):
        StatementOfReasons.model_validate(data)


def test_exports() -> None:
    outs = [decide(post(f"p{i}"), verdict(f"p{i}", hateful=0.97), TERMS) for i in range(3)]
    sors = [s for i, o in enumerate(outs) if (s := _statement(o, puid=f"dec-{i}")) is not None]
    doc = json.loads(to_json(sors))
    assert [s["puid"] for s in doc["statements"]] == ["dec-0", "dec-1", "dec-2"]
    rows = list(csv.DictReader(io.StringIO(to_csv(sors))))
    assert len(rows) == 3
    assert rows[0]["decision_visibility"] == "DECISION_VISIBILITY_CONTENT_REMOVED"
    assert rows[0]["territorial_scope"].split(",")[:2] == ["AT", "BE"]
    assert rows[0]["source_identity"] == ""
    assert [len(b) for b in batches(sors * 70)] == [100, 100, 10]
    with pytest.raises(ValueError):
        list(batches(sors, size=101))


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        ("en", ["We removed your post.", "TS-HATE-1", "Hate speech", "six months", "automated system"]),
        ("fr", ["Nous avons retiré votre publication.", "Discours de haine", "six mois"]),
        ("de", ["Wir haben Ihren Beitrag entfernt.", "Hassrede", "sechs Monaten"]),
        ("pl", ["We removed your post."]),  # falls back to English
    ],
)
def test_plain_language_notice(lang: str, phrases: list[str]) -> None:
    text = render_notice(decide(post(), verdict(hateful=0.97), TERMS), TERMS, puid="dec-9", lang=lang)
    for phrase in phrases:
        assert phrase in text
    assert "dec-9" in text


def test_notice_for_a_territorial_restriction_names_the_countries_and_the_law() -> None:
    out = decide(post(), verdict(), TERMS, external={"ext.banned_symbol": 0.95})
    text = render_notice(out, TERMS, puid="d", lang="de")
    assert "AT, DE" in text and "§ 86a Strafgesetzbuch" in text


def test_notice_tells_of_warning_and_suspension() -> None:
    warned = decide(post(), verdict(hateful=0.99), TERMS, AuthorStanding(active_strikes=1))
    assert "This is a warning" in render_notice(warned, TERMS, puid="d")
    suspended = decide(post(), verdict(hateful=0.99), TERMS, AuthorStanding(active_strikes=2, warned=True))
    assert "suspended for 14 days" in render_notice(suspended, TERMS, puid="d")


def test_statement_links_to_the_published_rule() -> None:
    out = decide(post(), verdict(hateful=0.97), TERMS)
    sor = _statement(out, terms_url="https://townsquare.example/terms/")
    assert sor is not None and sor.decision_ground_reference_url == "https://townsquare.example/terms/1.1.0#TS-HATE-1"
    assert _statement(out).decision_ground_reference_url is None  # type: ignore[union-attr]
