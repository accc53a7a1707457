"""Random streams of submissions, resends and conflicts never break the store's invariants."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from townsquare.store.audit import verify
from townsquare.store.database import Database
from townsquare.store.migrate import upgrade
from townsquare.store.moderation import Moderator, PostConflictError, Submission
from townsquare.store.tables import DecisionRow

from .factories import KeywordClassifierDouble, history, post

TERMS = history().latest
IDS = [f"p{i}" for i in range(6)]
TEXTS = ["hello", "hateful=0.97 🙂", "hateful=0.6", "profanity=0.9 ünïcödé", "threat=0.95", "שלום \u202e"]
OFFSETS = [None, 0, 2, -7]


@st.composite
def submissions(draw: st.DrawFn) -> Submission:
    offset = draw(st.sampled_from(OFFSETS))
    created = None if offset is None else dt.datetime(2026, 11, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=offset)))
    return Submission(
        post=post(
            draw(st.sampled_from(IDS)),
            text=draw(st.sampled_from(TEXTS)),
            author=draw(st.sampled_from(["a", "b"])),
            audience=draw(st.sampled_from(["general", "minors"])),
            created_at=created,
        ),
        signals=draw(st.sampled_from([{}, {"ext.banned_symbol": 0.95}])),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(batches=st.lists(st.lists(submissions(), min_size=1, max_size=4), min_size=1, max_size=6))
def test_store_invariants(batches: list[list[Submission]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite:///{Path(tmp) / 'p.sqlite3'}")
        upgrade(db)
        m = Moderator(db, TERMS, KeywordClassifierDouble().classify_batch, author_salt="s")
        accepted: dict[str, tuple[str, str]] = {}  # post id -> (content, decision id)

        def count() -> int:
            with db.reading() as s:
                return int(s.scalar(select(func.count()).select_from(DecisionRow)) or 0)

        for batch in batches:
            content = {}
            clash = False
            for sub in batch:
                key = sub.model_dump_json(exclude={"post": {"id"}})
                if content.setdefault(sub.post.id, key) != key:
                    clash = True
                if sub.post.id in accepted and accepted[sub.post.id][0] != key:
                    clash = True
            before = count()
            try:
                out = m.moderate(batch, actor="prop")
            except PostConflictError:
                assert clash
                assert count() == before  # nothing written
                continue
            assert not clash
            assert [r.decision.post_id for r in out] == [s.post.id for s in batch]
            for sub, rec in zip(batch, out, strict=True):
                if sub.post.id in accepted:
                    assert rec.decision.id == accepted[sub.post.id][1]
                accepted.setdefault(sub.post.id, (content[sub.post.id], rec.decision.id))
                assert rec.decision.id == accepted[sub.post.id][1]
        assert count() == len(accepted)
        with db.reading() as s:
            report = verify(s)
        assert report.ok, report.problems
        db.dispose()
