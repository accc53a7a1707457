"""Queries over decisions and statements. Routes and commands call these; none write SQL themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from townsquare.policy.actions import AccountAction
from townsquare.policy.inputs import AuthorStanding
from townsquare.policy.terms import AccountPolicy
from townsquare.store.tables import DecisionRow, PostRow, StatementRow


class DecisionFilter(BaseModel):
    """Filters for listing decisions; every field is optional and they combine with AND."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    post_id: str | None = None
    action: str | None = None
    status: str | None = None
    rule_id: str | None = None
    terms_version: str | None = None
    author: str | None = None  # the pseudonym
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    current_only: bool = True


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment.astimezone(dt.timezone.utc)


def get_decision(session: Session, decision_id: str) -> DecisionRow | None:
    return session.scalar(select(DecisionRow).where(DecisionRow.id == decision_id))


def current_decision_for_post(session: Session, post_id: str) -> DecisionRow | None:
    return session.scalar(select(DecisionRow).where(DecisionRow.post_id == post_id, DecisionRow.current.is_(True)))


def get_post(session: Session, post_id: str) -> PostRow | None:
    return session.get(PostRow, post_id)


def get_statement(session: Session, decision_id: str) -> StatementRow | None:
    return session.get(StatementRow, decision_id)


def with_statements(session: Session, decision_ids: Iterable[str]) -> set[str]:
    """Which of these decisions have a statement of reasons (one query per 500 ids)."""
    ids = list(dict.fromkeys(decision_ids))
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        found.update(session.scalars(select(StatementRow.decision_id).where(StatementRow.decision_id.in_(ids[start : start + 500]))))
    return found


def existing_posts(session: Session, post_ids: Iterable[str]) -> dict[str, PostRow]:
    ids = list(dict.fromkeys(post_ids))
    found: dict[str, PostRow] = {}
    for start in range(0, len(ids), 500):
        for row in session.scalars(select(PostRow).where(PostRow.id.in_(ids[start : start + 500]))):
            found[row.id] = row
    return found


def current_decisions(session: Session, post_ids: Iterable[str]) -> dict[str, DecisionRow]:
    ids = list(dict.fromkeys(post_ids))
    found: dict[str, DecisionRow] = {}
    for start in range(0, len(ids), 500):
        stmt = select(DecisionRow).where(DecisionRow.post_id.in_(ids[start : start + 500]), DecisionRow.current.is_(True))
        for row in session.scalars(stmt):
            found[row.post_id] = row
    return found


def standings(session: Session, authors: Iterable[str], policy: AccountPolicy, now: dt.datetime) -> dict[str, AuthorStanding]:
    """Active strikes and whether a warning was given, within the terms' strike window."""
    names = list(dict.fromkeys(authors))
    cutoff = _utc(now) - dt.timedelta(days=policy.strike_days)
    result = {a: AuthorStanding() for a in names}
    warned = func.max(case((DecisionRow.account_action == AccountAction.WARNING.value, 1), else_=0))
    for start in range(0, len(names), 500):
        stmt = (
            select(DecisionRow.author, func.coalesce(func.sum(DecisionRow.strike), 0), warned)
            .where(DecisionRow.author.in_(names[start : start + 500]), DecisionRow.decided_at >= cutoff, DecisionRow.current.is_(True))
            .group_by(DecisionRow.author)
        )
        for author, strikes, was_warned in session.execute(stmt):
            result[author] = AuthorStanding(active_strikes=int(strikes), warned=bool(was_warned))
    return result


def list_decisions(session: Session, filters: DecisionFilter, limit: int, before_seq: int | None = None) -> list[DecisionRow]:
    """Newest first; ``before_seq`` is the cursor (the ``seq`` of the last row of the previous page)."""
    conditions: list[Any] = []
    if filters.current_only:
        conditions.append(DecisionRow.current.is_(True))
    for field in ("post_id", "action", "status", "rule_id", "terms_version", "author"):
        value = getattr(filters, field)
        if value is not None:
            conditions.append(getattr(DecisionRow, field) == value)
    if filters.since is not None:  # compared in UTC, as stored (SQLite compares the text)
        conditions.append(DecisionRow.decided_at >= _utc(filters.since))
    if filters.until is not None:
        conditions.append(DecisionRow.decided_at < _utc(filters.until))
    if before_seq is not None:
        conditions.append(DecisionRow.seq < before_seq)
    stmt = select(DecisionRow).where(and_(True, *conditions)).order_by(DecisionRow.seq.desc()).limit(limit)
    return list(session.scalars(stmt))


def list_statements(session: Session, since: dt.date | None, until: dt.date | None, limit: int, after: str | None = None) -> list[StatementRow]:
    """Statements by application date range, in decision-id order for stable paging."""
    conditions: list[Any] = []
    if since is not None:
        conditions.append(StatementRow.application_date >= since)
    if until is not None:
        conditions.append(StatementRow.application_date < until)
    if after is not None:
        conditions.append(StatementRow.decision_id > after)
    stmt = select(StatementRow).where(and_(True, *conditions)).order_by(StatementRow.decision_id).limit(limit)
    return list(session.scalars(stmt))
