"""Decisions are written durably and idempotently, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from townsquare.policy.actions import Action, Audience
from townsquare.store import repository
from townsquare.store.audit import verify
from townsquare.store.database import Database
from townsquare.store.migrate import current_revision, downgrade, head_revision, upgrade
from townsquare.store.moderation import Moderator, PostConflictError, ReviewError, Submission
from townsquare.store.tables import AuditRow, Base, DecisionRow, PostRow, StatementRow

from .factories import KeywordClassifierDouble, history, post

TERMS = history().get("1.1.0")  # the mechanics, pinned to one version
T0 = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


def moderator(db: Database, classifier: KeywordClassifierDouble | None = None) -> Moderator:
    return Moderator(db, TERMS, (classifier or KeywordClassifierDouble()).classify_batch, author_salt="salt", clock=Clock())


def sub(id: str, text: str = "hello", **kw: object) -> Submission:
    signals = kw.pop("signals", {})
    return Submission(post=post(id, text=text, **kw), signals=signals)  # type: ignore[arg-type]


def count(db: Database, table: type) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


def test_migrations_create_exactly_the_model(db: Database) -> None:
    assert current_revision(db) == head_revision() == "0001"
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diffs == []
    downgrade(db, "base")
    assert "decisions" not in inspect(db.engine).get_table_names()
    upgrade(db)
    upgrade(db)  # idempotent
    assert set(inspect(db.engine).get_table_names()) >= {"posts", "decisions", "statements", "audit_log"}


def test_a_decision_is_durable_before_it_is_returned(db: Database, database_url: str) -> None:
    [rec] = moderator(db).moderate([sub("p1", "hateful=0.97")], actor="platform")
    assert rec.decision.action == "remove" and not rec.replayed
    assert rec.statement is not None and rec.statement.body["puid"] == rec.decision.id
    other = Database.from_url(database_url)  # a second connection pool sees it: it was committed
    try:
        with other.reading() as s:
            stored = repository.get_decision(s, rec.decision.id)
            assert stored is not None and stored.rule_id == "TS-HATE-1" and stored.terms_version == "1.1.0"
            assert stored.signals["text.hateful"] == 0.97 and stored.model_version == "keyword-double-1"
            assert stored.evidence and stored.explanation.startswith("TS-HATE-1")
            assert repository.get_statement(s, rec.decision.id) is not None
            post_row = repository.get_post(s, "p1")
            assert post_row is not None and post_row.author != "u1"  # pseudonymised
    finally:
        other.dispose()


def test_resending_a_post_is_idempotent(db: Database) -> None:
    classifier = KeywordClassifierDouble()
    m = moderator(db, classifier)
    [first] = m.moderate([sub("p1", "hateful=0.8")], actor="platform")
    [again] = m.moderate([sub("p1", "hateful=0.8")], actor="platform")
    assert again.replayed and again.decision.id == first.decision.id
    assert classifier.classified == ["p1"]  # not classified twice
    assert count(db, DecisionRow) == 1 and count(db, AuditRow) == 1


def test_reusing_a_post_id_for_other_content_is_refused_and_writes_nothing(db: Database) -> None:
    m = moderator(db)
    m.moderate([sub("p1", "first")], actor="platform")
    with pytest.raises(PostConflictError) as err:
        m.moderate([sub("p2", "new"), sub("p1", "second")], actor="platform")
    assert err.value.post_ids == ["p1"]
    assert count(db, PostRow) == 1  # p2 was not written either: the batch is one transaction
    with pytest.raises(PostConflictError):
        m.moderate([sub("p3", "a"), sub("p3", "b")], actor="platform")


def test_batch_keeps_order_and_duplicates(db: Database) -> None:
    out = moderator(db).moderate([sub("a", "hateful=0.97"), sub("b"), sub("a", "hateful=0.97")], actor="platform")
    assert [r.decision.post_id for r in out] == ["a", "b", "a"]
    assert out[0].decision.id == out[2].decision.id
    assert [r.decision.action for r in out] == ["remove", "allow", "remove"]
    assert out[1].statement is None


def test_repeat_offender_is_warned_then_suspended(db: Database) -> None:
    m = moderator(db)
    actions = []
    for i in range(3):
        [r] = m.moderate([sub(f"p{i}", "hateful=0.99", author="troll")], actor="platform")
        actions.append(r.decision.account_action)
    assert actions == ["none", "warning", "suspension"]
    [r] = m.moderate([sub("other", "hateful=0.99", author="someone-else")], actor="platform")
    assert r.decision.account_action == "none"
    # inside one batch too
    batch = m.moderate([sub(f"b{i}", "hateful=0.99", author="batcher") for i in range(3)], actor="platform")
    assert [r.decision.account_action for r in batch] == ["none", "warning", "suspension"]
    assert batch[2].statement is not None and batch[2].statement.body["decision_account"] == "DECISION_ACCOUNT_SUSPENDED"


def test_territorial_and_minor_decisions_are_stored_as_decided(db: Database) -> None:
    m = moderator(db)
    geo, minors = m.moderate(
        [sub("g", "x", signals={"ext.banned_symbol": 0.95}), sub("m", "profanity=0.9", audience=Audience.MINORS)],
        actor="platform",
    )
    assert geo.decision.action == "geo_restrict" and geo.decision.territorial_scope == ["AT", "DE"]
    assert geo.statement is not None and geo.statement.body["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert minors.decision.action == "age_restrict" and minors.decision.profile == "minors"


def test_concurrent_submissions_of_one_post_make_one_decision(db: Database) -> None:
    results: list[str] = []
    errors: list[BaseException] = []

    def go() -> None:
        try:
            [r] = moderator(db).moderate([sub("race", "hateful=0.97")], actor="platform")
            results.append(r.decision.id)
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=go) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 1 and len(results) == 6
    assert count(db, DecisionRow) == 1


def test_human_review_supersedes_the_automated_decision(db: Database) -> None:
    m = moderator(db)
    [pending] = m.moderate([sub("p", "hateful=0.6")], actor="platform")
    assert pending.decision.status == "pending_review" and pending.statement is None
    reviewed = m.review(pending.decision.id, action=Action.REMOVE, rule_id=None, reviewer="mod-7", note="slur in context")
    assert reviewed.decision.revision == 1 and reviewed.decision.status == "reviewed"
    assert reviewed.decision.reviewer == "mod-7" and not reviewed.decision.automated
    assert reviewed.statement is not None
    assert reviewed.statement.body["automated_decision"] == "AUTOMATED_DECISION_PARTIALLY"
    with db.reading() as s:
        current = repository.current_decision_for_post(s, "p")
        assert current is not None and current.id == reviewed.decision.id
    with pytest.raises(ReviewError, match="superseded"):
        m.review(pending.decision.id, action=Action.ALLOW, rule_id=None, reviewer="mod-8", note=None)
    with pytest.raises(ReviewError, match="does not prescribe"):
        m.review(reviewed.decision.id, action=Action.AGE_RESTRICT, rule_id="TS-HATE-1", reviewer="m", note=None)
    allowed = m.review(reviewed.decision.id, action=Action.ALLOW, rule_id=None, reviewer="mod-9", note="appeal upheld")
    assert allowed.decision.rule_id == "TS-0" and allowed.statement is None and allowed.decision.strike == 0


def test_listing_filters_and_pages(db: Database) -> None:
    m = moderator(db)
    m.moderate([sub(f"r{i}", "hateful=0.97") for i in range(5)] + [sub(f"a{i}") for i in range(4)], actor="platform")
    with db.reading() as s:
        removed = repository.list_decisions(s, repository.DecisionFilter(action="remove"), limit=2)
        assert [d.post_id for d in removed] == ["r4", "r3"]
        page2 = repository.list_decisions(s, repository.DecisionFilter(action="remove"), limit=2, before_seq=removed[-1].seq)
        assert [d.post_id for d in page2] == ["r2", "r1"]
        allowed = repository.list_decisions(s, repository.DecisionFilter(rule_id="TS-0"), limit=100)
        assert len(allowed) == 4
        late = repository.list_decisions(s, repository.DecisionFilter(since=T0 + dt.timedelta(days=1)), limit=100)
        assert late == []
        statements = repository.list_statements(s, since=T0.date(), until=None, limit=100)
        assert len(statements) == 5


def test_statement_rows_hold_only_valid_statements(db: Database) -> None:
    from townsquare.decisions.statement import StatementOfReasons

    moderator(db).moderate([sub("p", "hateful=0.97", image_refs=["img-1"])], actor="platform")
    with db.reading() as s:
        [row] = s.scalars(select(StatementRow)).all()
    sor = StatementOfReasons.model_validate(row.body)
    assert sor.content_type == ["CONTENT_TYPE_TEXT", "CONTENT_TYPE_IMAGE"]
    assert sor.content_date == T0.date()


def test_sqlite_runs_in_wal_mode(tmp_path: object) -> None:
    db = Database.from_url(f"sqlite:///{tmp_path}/wal.sqlite3")  # type: ignore[str-bytes-safe]
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    db.dispose()


def test_concurrent_reviews_of_one_decision_make_one_revision(db: Database) -> None:
    m = moderator(db)
    [pending] = m.moderate([sub("p", "hateful=0.6")], actor="platform")
    outcomes: list[str] = []

    def review(i: int) -> None:
        try:
            m.review(pending.decision.id, action=Action.REMOVE, rule_id=None, reviewer=f"mod-{i}", note=None)
            outcomes.append("ok")
        except ReviewError:
            outcomes.append("superseded")

    threads = [threading.Thread(target=review, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "superseded", "superseded", "superseded"]


def test_concurrent_batches_of_one_author_count_every_strike(db: Database) -> None:
    errors: list[BaseException] = []

    def go(i: int) -> None:
        try:
            moderator(db).moderate([sub(f"c{i}", "hateful=0.99", author="troll")], actor="platform")
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with db.reading() as s:
        rows = s.scalars(select(DecisionRow).order_by(DecisionRow.seq)).all()
    assert [r.account_action for r in rows] == ["none", "warning", "suspension"]


def test_times_with_offsets_survive_the_round_trip(db: Database) -> None:
    """SQLite keeps no offset: a post time must be stored in UTC or a resend looks like new content."""
    when = dt.datetime(2026, 11, 19, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    m = moderator(db)
    [first] = m.moderate([sub("tz", "hateful=0.97", created_at=when)], actor="platform")
    [again] = m.moderate([sub("tz", "hateful=0.97", created_at=when)], actor="platform")
    assert again.replayed and again.decision.id == first.decision.id
    assert first.statement is not None and first.statement.body["content_date"] == "2026-11-19"  # 21:30 UTC
    with db.reading() as s:
        assert verify(s).ok
        late = repository.list_decisions(s, repository.DecisionFilter(since=T0.astimezone(dt.timezone(dt.timedelta(hours=5)))), limit=10)
        assert [d.post_id for d in late] == ["tz"]  # decided after T0, whatever the filter's offset
        none = repository.list_decisions(s, repository.DecisionFilter(until=T0.astimezone(dt.timezone(dt.timedelta(hours=-5)))), limit=10)
        assert none == []
