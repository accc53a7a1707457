"""GET /v1/terms: the published terms (machine-readable) and their human rendering.

Public, no API key: DSA Art. 14 wants the terms publicly available, in machine-readable form too.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from townsquare.api.deps import HistoryDep, TermsDep
from townsquare.api.problems import ProblemError, responses
from townsquare.policy.publish import render_html, render_markdown
from townsquare.policy.terms import TermsError

router = APIRouter(prefix="/v1/terms", tags=["terms"])

Version = Annotated[str, Path(pattern=r"^\d+\.\d+\.\d+$")]


@router.get("", operation_id="list_terms")
def list_terms(history: HistoryDep, enforced: TermsDep) -> dict[str, object]:
    """Every published version and the one being enforced."""
    return {
        "enforced": enforced.version,
        "versions": [{"version": t.version, "effective": t.effective.isoformat(), "previous": t.previous} for t in history.versions],
    }


@router.get(
    "/{version}",
    operation_id="get_terms",
    response_model=None,
    responses=responses(404, 422, ok={"content": {"text/markdown": {}, "text/html": {}}, "description": "the terms"}),
)
def get_terms(
    version: Version,
    history: HistoryDep,
    format: Annotated[Literal["json", "md", "html"], Query()] = "json",
    lang: Annotated[Literal["en", "fr", "de"], Query()] = "en",
) -> Response | dict[str, object]:
    try:
        terms = history.get(version)
    except TermsError:
        raise ProblemError(404, "not-found", f"no published terms version {version}") from None
    if format == "md":
        return PlainTextResponse(render_markdown(history, lang, version), media_type="text/markdown; charset=utf-8")
    if format == "html":
        return HTMLResponse(render_html(history, lang, version))
    return terms.model_dump(mode="json")
