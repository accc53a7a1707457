"""The append-only, hash-chained audit log.

Each entry's hash covers its content and the previous entry's hash, so changing, deleting or
reordering any entry breaks every hash after it. The database refuses UPDATE/DELETE on the table
(triggers from the migration); :func:`verify` catches tampering that went around them, including
edits to decisions whose recorded hash no longer matches their latest audit entry.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from townsquare.store.hashing import canonical_json, iso, sha256
from townsquare.store.records import decision_record_hash, post_row_hash, statement_hash
from townsquare.store.tables import AuditRow, Base, DecisionRow, PostRow, StatementRow

GENESIS = "0" * 64


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, event: str, entity_type: str, entity_id: str, payload: str) -> str:
    body = canonical_json([seq, at, actor, event, entity_type, entity_id, payload])
    return sha256(prev_hash + body)


def _lock(session: Session) -> None:
    """Serialise appenders. SQLite already holds its write lock (BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7234001)"))


class AuditWriter:
    """Continues the chain from its head within the caller's transaction.

    Entries are buffered and inserted together by :meth:`write` (one round trip for a batch); the
    caller writes them before committing, in the same transaction as the records they describe.
    """

    def __init__(self, session: Session) -> None:
        _lock(session)
        self.session = session
        head = session.execute(select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)).first()
        self.seq, self.hash = (head[0], head[1]) if head else (0, GENESIS)
        self.pending: list[dict[str, Any]] = []

    def append(self, *, at: dt.datetime, actor: str, event: str, entity_type: str, entity_id: str, payload: dict[str, Any]) -> str:
        """Add an entry; returns its hash."""
        self.seq += 1
        body = canonical_json(payload)
        at_iso = iso(at)
        h = entry_hash(self.hash, self.seq, at_iso, actor, event, entity_type, entity_id, body)
        self.pending.append(
            {"seq": self.seq, "at": at_iso, "actor": actor, "event": event, "entity_type": entity_type,
             "entity_id": entity_id, "payload": body, "prev_hash": self.hash, "hash": h}  # fmt: skip
        )
        self.hash = h
        return h

    def write(self) -> None:
        if self.pending:
            self.session.execute(insert(Base.metadata.tables[AuditRow.__tablename__]), self.pending)
            self.pending = []


class Problem(BaseModel):
    seq: int | None
    entity_id: str | None = None
    reason: str


class VerifyReport(BaseModel):
    entries: int
    head_seq: int = 0
    decisions: int
    head: str
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def _chain_problems(
    rows: Iterable[AuditRow], latest: dict[str, dict[str, Any]], anchors: dict[int, str]
) -> tuple[int, str, list[Problem]]:
    problems: list[Problem] = []
    unmet = dict(anchors)
    prev, expected_seq, n = GENESIS, 1, 0
    for row in rows:
        n += 1
        if row.seq != expected_seq:
            problems.append(Problem(seq=row.seq, reason=f"sequence gap: expected {expected_seq}"))
        if row.prev_hash != prev:
            problems.append(Problem(seq=row.seq, reason="prev_hash does not match the previous entry"))
        computed = entry_hash(row.prev_hash, row.seq, row.at, row.actor, row.event, row.entity_type, row.entity_id, row.payload)
        if computed != row.hash:
            problems.append(Problem(seq=row.seq, reason="entry content does not match its hash"))
        try:
            payload = json.loads(row.payload)
        except ValueError:
            problems.append(Problem(seq=row.seq, reason="payload is not JSON"))
            payload = {}
        if row.entity_type == "decision" and isinstance(payload, dict):
            latest[row.entity_id] = payload
        if row.seq in unmet:
            if unmet.pop(row.seq) != row.hash:
                problems.append(Problem(seq=row.seq, reason="entry differs from the anchored hash recorded earlier"))
        prev, expected_seq = row.hash, row.seq + 1
    for seq in sorted(unmet):
        problems.append(Problem(seq=seq, reason="anchored entry is missing from the log"))
    return n, prev, problems


def verify(session: Session, batch: int = 5000, anchors: dict[int, str] | None = None) -> VerifyReport:
    """Walk the whole chain, then check every decision against its latest audit entry.

    Someone able to write the database could rewrite the whole chain consistently; ``anchors``
    (``seq -> hash`` pairs recorded earlier, e.g. a head printed by a previous run and kept
    elsewhere) catch that: each anchored entry must still be there with the same hash."""
    latest: dict[str, dict[str, Any]] = {}

    def rows() -> Iterable[AuditRow]:
        last = 0
        while True:
            chunk = session.scalars(select(AuditRow).where(AuditRow.seq > last).order_by(AuditRow.seq).limit(batch)).all()
            if not chunk:
                return
            yield from chunk
            last = chunk[-1].seq
            session.expunge_all()

    entries, head, problems = _chain_problems(rows(), latest, anchors or {})

    decisions = 0
    seen: set[str] = set()
    for d in session.scalars(select(DecisionRow).order_by(DecisionRow.seq)).yield_per(batch):
        decisions += 1
        seen.add(d.id)
        recomputed = decision_record_hash(d)
        if recomputed != d.record_sha256:
            problems.append(Problem(seq=None, entity_id=d.id, reason="decision row differs from its recorded hash"))
        entry = latest.get(d.id)
        if entry is None or entry.get("record_sha256") != recomputed:
            problems.append(Problem(seq=None, entity_id=d.id, reason="decision does not match its audit entry"))
        elif entry.get("post_sha256") is not None:
            post = session.get(PostRow, d.post_id)
            if post is None or post_row_hash(post) != entry["post_sha256"]:
                problems.append(Problem(seq=None, entity_id=d.id, reason="post content differs from its audit entry"))
    for entity in sorted(set(latest) - seen):
        problems.append(Problem(seq=None, entity_id=entity, reason="audited decision is missing from the store"))
    with_statement: set[str] = set()
    for stored in session.scalars(select(StatementRow).order_by(StatementRow.decision_id)).yield_per(batch):
        with_statement.add(stored.decision_id)
        actual = statement_hash(stored.body)
        entry = latest.get(stored.decision_id, {})
        if entry.get("statement_sha256") != actual or stored.body_sha256 != actual:
            problems.append(Problem(seq=None, entity_id=stored.decision_id, reason="statement of reasons differs from its audit entry"))
    for decision_id, entry in latest.items():
        if entry.get("statement_sha256") is not None and decision_id not in with_statement:
            problems.append(Problem(seq=None, entity_id=decision_id, reason="statement of reasons differs from its audit entry"))
    return VerifyReport(entries=entries, head_seq=entries, decisions=decisions, head=head, problems=problems)
