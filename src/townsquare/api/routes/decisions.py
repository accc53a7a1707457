"""Decisions: read one, list with filters, its statement of reasons and notice, human review."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from townsquare.api.deps import DatabaseDep, HistoryDep, ModeratorDep, ReadsDecisions, ReadsStatements, Reviews
from townsquare.api.problems import ProblemError, responses
from townsquare.api.schemas import DecisionOut, DecisionPage, DecisionQuery, NoticeOut, ReviewIn
from townsquare.decisions.notice import render_notice
from townsquare.decisions.statement import StatementOfReasons
from townsquare.policy.actions import Action
from townsquare.store import repository
from townsquare.store.moderation import NotFoundError, ReviewError, outcome_of
from townsquare.store.tables import DecisionRow

router = APIRouter(prefix="/v1/decisions", tags=["decisions"])

DecisionId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$", description="decision id")]


def _load(db: DatabaseDep, decision_id: str) -> tuple[DecisionRow, bool]:
    with db.reading() as s:
        row = repository.get_decision(s, decision_id)
        if row is None:
            raise ProblemError(404, "not-found", f"no decision {decision_id}")
        return row, repository.get_statement(s, decision_id) is not None


@router.get("", operation_id="list_decisions", response_model=DecisionPage, responses=responses(401, 403, 422, 503))
def list_decisions(
    query: Annotated[DecisionQuery, Query()], db: DatabaseDep, moderator: ModeratorDep, _: ReadsDecisions
) -> DecisionPage:
    """Current decisions, newest first, filtered; page with ``next_cursor``."""
    filters = repository.DecisionFilter(
        post_id=query.post_id, current_only=not query.revisions,
        action=query.action.value if query.action else None, status=query.status, rule_id=query.rule_id,
        terms_version=query.terms_version, since=query.since, until=query.until,
        author=moderator.author_pseudonym(query.author) if query.author else None,
    )  # fmt: skip
    with db.reading() as s:
        rows = repository.list_decisions(s, filters, query.limit + 1, int(query.cursor) if query.cursor else None)
        with_statement = repository.with_statements(s, (r.id for r in rows))
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    return DecisionPage(
        items=[DecisionOut.of(r, has_statement=r.id in with_statement) for r in rows],
        next_cursor=str(rows[-1].seq) if more and rows else None,
    )


@router.get("/{decision_id}", operation_id="get_decision", response_model=DecisionOut, responses=responses(401, 403, 404, 422, 503))
def get_decision(decision_id: DecisionId, db: DatabaseDep, _: ReadsDecisions) -> DecisionOut:
    row, has_statement = _load(db, decision_id)
    return DecisionOut.of(row, has_statement=has_statement)


@router.get(
    "/{decision_id}/statement",
    operation_id="get_statement",
    response_model=StatementOfReasons,
    response_model_exclude_none=True,
    responses=responses(401, 403, 404, 422, 503),
    summary="Statement of reasons (DSA Art. 17) in the Transparency Database format",
)
def get_statement(decision_id: DecisionId, db: DatabaseDep, _: ReadsStatements) -> StatementOfReasons:
    with db.reading() as s:
        if repository.get_decision(s, decision_id) is None:
            raise ProblemError(404, "not-found", f"no decision {decision_id}")
        row = repository.get_statement(s, decision_id)
        if row is None:
            raise ProblemError(404, "no-statement", f"decision {decision_id} restricted nothing, so it has no statement of reasons")
        return StatementOfReasons.model_validate(row.body)


@router.get(
    "/{decision_id}/notice",
    operation_id="get_notice",
    response_model=NoticeOut,
    responses=responses(401, 403, 404, 422, 503),
    summary="The decision explained in plain language for the affected user",
)
def get_notice(
    decision_id: DecisionId,
    db: DatabaseDep,
    history: HistoryDep,
    _: ReadsStatements,
    lang: Annotated[Literal["en", "fr", "de"], Query()] = "en",
) -> NoticeOut:
    row, _has_statement = _load(db, decision_id)
    terms = history.get(row.terms_version)
    text = render_notice(
        outcome_of(row), terms, puid=row.id, lang=lang, applied_action=Action(row.action),
        reviewed_by_human=not row.automated,
    )  # fmt: skip
    return NoticeOut(decision_id=row.id, lang=lang, text=text)


@router.post(
    "/{decision_id}/review",
    operation_id="review_decision",
    status_code=201,
    response_model=DecisionOut,
    responses=responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
    summary="A moderator's decision (a new revision that supersedes this one)",
)
def review_decision(decision_id: DecisionId, review: ReviewIn, moderator: ModeratorDep, who: Reviews) -> DecisionOut:
    try:
        rec = moderator.review(decision_id, action=Action(review.action), rule_id=review.rule_id, reviewer=who.key_id, note=review.note)
    except NotFoundError:
        raise ProblemError(404, "not-found", f"no decision {decision_id}") from None
    except ReviewError as exc:
        raise ProblemError(409, "review-conflict", str(exc)) from exc
    return DecisionOut.of(rec.decision, has_statement=rec.statement is not None)
