"""The audit log is append-only and `townsquare audit verify` notices any tampering."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from townsquare.cli.audit import audit
from townsquare.store.audit import verify
from townsquare.store.database import Database
from townsquare.store.moderation import Moderator, Submission

from .factories import KeywordClassifierDouble, history, post

TERMS = history().get("1.1.0")  # the mechanics, pinned to one version


def fill(db: Database) -> list[str]:
    m = Moderator(db, TERMS, KeywordClassifierDouble().classify_batch, author_salt="salt")
    out = m.moderate([Submission(post=post(f"p{i}", text=f"hateful=0.{90 + i}")) for i in range(5)], actor="platform")
    return [r.decision.id for r in out]


def _drop_guards(db: Database) -> None:
    """What an attacker with DDL rights would do first."""
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))


def test_intact_log_verifies(db: Database) -> None:
    ids = fill(db)
    with db.reading() as s:
        report = verify(s)
    assert report.ok, report.problems
    assert report.entries == 5 and report.decisions == 5 and len(report.head) == 64
    assert ids


@pytest.mark.parametrize("sql", ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log WHERE seq = 1"])
def test_the_database_refuses_to_rewrite_the_log(db: Database, sql: str) -> None:
    fill(db)
    with pytest.raises(DBAPIError, match="append-only"):
        with db.engine.begin() as conn:
            conn.execute(text(sql))


TAMPERING = {
    "edited payload": ("UPDATE audit_log SET payload = replace(payload, 'remove', 'allow') WHERE seq = 3", "does not match its hash"),
    "deleted entry": ("DELETE FROM audit_log WHERE seq = 2", "sequence gap"),
    "rehashed entry": ("UPDATE audit_log SET hash = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' WHERE seq = 4", "prev_hash"),
    "edited decision": ("UPDATE decisions SET action = 'allow' WHERE seq = 2", "decision row differs"),
    "edited statement": ("UPDATE statements SET body_sha256 = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'", "statement of reasons differs"),
    "edited post": ("UPDATE posts SET text = 'innocent' WHERE id = 'p1'", "post content differs"),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_tampering_is_detected(db: Database, case: str) -> None:
    fill(db)
    _drop_guards(db)
    sql, reason = TAMPERING[case]
    with db.engine.begin() as conn:
        conn.execute(text(sql))
    with db.reading() as s:
        report = verify(s)
    assert not report.ok
    assert any(reason in p.reason for p in report.problems), report.problems


def test_cli_verify(db: Database, database_url: str) -> None:
    fill(db)
    runner = CliRunner()
    ok = runner.invoke(audit, ["verify", "--database-url", database_url, "--json"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["ok"] is True
    _drop_guards(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE decisions SET rule_id = 'TS-0' WHERE seq = 1"))
    bad = runner.invoke(audit, ["verify", "--database-url", database_url])
    assert bad.exit_code == 2
    assert "TAMPERED" in bad.output and "decision row differs" in bad.output


def test_a_deleted_statement_is_detected(db: Database) -> None:
    fill(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM statements WHERE decision_id = (SELECT id FROM decisions WHERE seq = 1)"))
    with db.reading() as s:
        report = verify(s)
    assert [p.reason for p in report.problems] == ["statement of reasons differs from its audit entry"]


def test_statements_export_command(db: Database, database_url: str, tmp_path: object) -> None:
    import csv
    from pathlib import Path

    from townsquare.cli.statements import statements

    m = Moderator(db, TERMS, KeywordClassifierDouble().classify_batch, author_salt="salt")
    m.moderate([Submission(post=post(f"s{i}", text="hateful=0.97")) for i in range(130)] + [Submission(post=post("ok", text="fine"))], actor="p")
    out = Path(str(tmp_path)) / "sor"
    result = CliRunner().invoke(statements, ["export", "--database-url", database_url, "--out", str(out)])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("statements-*.json"))
    assert [len(json.loads(f.read_text())["statements"]) for f in files] == [100, 30]
    result = CliRunner().invoke(statements, ["export", "--database-url", database_url, "--out", str(out), "--format", "csv", "--until", "2000-01-01"])
    assert result.exit_code == 0
    assert list(csv.reader((out / "statements.csv").open())) [1:] == []
    bad = CliRunner().invoke(statements, ["export", "--database-url", database_url, "--out", str(out), "--since", "yesterday"])
    assert bad.exit_code == 2


def test_a_consistently_rewritten_chain_is_caught_by_an_anchor(db: Database, database_url: str) -> None:
    """Rewriting every hash from the start would verify on its own; an anchor kept elsewhere catches it."""
    from townsquare.store.audit import GENESIS, entry_hash

    fill(db)
    with db.reading() as s:
        before = verify(s)
    anchor = f"{before.head_seq}:{before.head}"
    _drop_guards(db)
    with db.engine.begin() as conn:  # the attacker edits entry 2 and recomputes every hash after it
        rows = conn.execute(text("SELECT seq, at, actor, event, entity_type, entity_id, payload FROM audit_log ORDER BY seq")).all()
        prev = GENESIS
        for seq, at, actor, event, etype, eid, payload in rows:
            if seq == 2:
                actor = "someone-else"
            h = entry_hash(prev, seq, at, actor, event, etype, eid, payload)
            conn.execute(text("UPDATE audit_log SET actor=:a, prev_hash=:p, hash=:h WHERE seq=:s"), {"a": actor, "p": prev, "h": h, "s": seq})
            prev = h
    with db.reading() as s:
        assert verify(s).ok  # undetectable without an anchor...
        report = verify(s, anchors={before.head_seq: before.head})
    assert [p.reason for p in report.problems] == ["entry differs from the anchored hash recorded earlier"]
    result = CliRunner().invoke(audit, ["verify", "--database-url", database_url, "--anchor", anchor])
    assert result.exit_code == 2 and "anchored hash" in result.output
    bad = CliRunner().invoke(audit, ["verify", "--database-url", database_url, "--anchor", "x:y"])
    assert bad.exit_code == 2 and "SEQ:SHA256" in bad.output


def test_the_enforced_terms_are_recorded_once_per_change(db: Database) -> None:
    from townsquare.store.terms_log import record_terms_in_force

    h = history()
    assert record_terms_in_force(db, h.get("1.1.0"), actor="api")
    assert not record_terms_in_force(db, h.get("1.1.0"), actor="api")  # a restart changes nothing
    assert record_terms_in_force(db, h.get("1.2.0"), actor="api")
    assert record_terms_in_force(db, h.get("1.1.0"), actor="api")  # a rollback is a change too
    fill(db)
    with db.reading() as s:
        report = verify(s)
        events = [r for r in s.execute(text("SELECT event, entity_id FROM audit_log ORDER BY seq")).all()]
    assert report.ok and report.entries == 8  # three terms changes, five decisions
    assert events[:3] == [("terms.enforced", "1.1.0"), ("terms.enforced", "1.2.0"), ("terms.enforced", "1.1.0")]
