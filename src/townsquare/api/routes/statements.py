"""GET /v1/statements: statements of reasons in bulk, as JSON pages or CSV (no personal data)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from townsquare.api.deps import DatabaseDep, ExportsStatements
from townsquare.api.problems import responses
from townsquare.api.schemas import StatementPage, StatementQuery
from townsquare.decisions.export import to_csv
from townsquare.decisions.statement import StatementOfReasons
from townsquare.store import repository

router = APIRouter(prefix="/v1/statements", tags=["statements"])


@router.get(
    "",
    operation_id="export_statements",
    response_model=None,
    responses=responses(
        401, 403, 422, 503,
        ok={"model": StatementPage, "content": {"text/csv": {"schema": {"type": "string"}}}, "description": "JSON page or CSV"},
    ),  # fmt: skip
)
def export_statements(query: Annotated[StatementQuery, Query()], db: DatabaseDep, _: ExportsStatements) -> StatementPage | Response:
    """Statements by application date, in the Transparency Database's fields. ``format=csv`` gives
    one CSV page with a header row; ``next_cursor`` is then in the ``X-Next-Cursor`` header."""
    with db.reading() as s:
        rows = repository.list_statements(s, query.since, query.until, query.limit + 1, query.cursor)
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    cursor = rows[-1].decision_id if more and rows else None
    if query.format == "csv":
        csv = to_csv(StatementOfReasons.model_validate(r.body) for r in rows)
        headers = {"X-Next-Cursor": cursor} if cursor else {}
        return Response(csv, media_type="text/csv; charset=utf-8", headers=headers)
    return StatementPage(statements=[dict(r.body) for r in rows], next_cursor=cursor)
