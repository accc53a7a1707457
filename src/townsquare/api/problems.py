"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error the API returns has the same shape, so clients handle one format. Validation problems
list each field error without echoing the offending input (it may be huge or hostile).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("townsquare.api")

_TITLES = {
    400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    406: "Not acceptable", 409: "Conflict", 413: "Content too large", 415: "Unsupported media type",
    422: "Unprocessable content", 500: "Internal server error", 503: "Service unavailable",
}  # fmt: skip


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details, plus ``errors`` for validation problems."""

    type: str = Field(description="URI identifying the problem type")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[FieldError] | None = None
    post_ids: list[str] | None = Field(default=None, description="409: post ids already used for other content")


class ProblemError(Exception):
    """Raise anywhere in a route to answer with a problem."""

    def __init__(self, status: int, slug: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status, self.slug, self.detail, self.extra = status, slug, detail, extra


def problem_type(slug: str) -> str:
    return f"urn:townsquare:problem:{slug}"


def problem_response(status: int, slug: str, detail: str | None, instance: str | None = None, headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    body = Problem(type=problem_type(slug), title=_TITLES.get(status, "Error"), status=status, detail=detail, instance=instance, **extra)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _field_errors(exc: RequestValidationError) -> list[FieldError]:
    out = []
    for e in exc.errors():
        msg = str(e.get("msg", "invalid"))
        out.append(FieldError(loc=[p if isinstance(p, int) else str(p) for p in e.get("loc", ())], msg=msg[:300], type=str(e.get("type", "invalid"))))
    return out[:50]


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc.status, exc.slug, exc.detail, request.url.path, **exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _field_errors(exc)
        if any(e.type == "json_invalid" for e in errors):
            return problem_response(400, "malformed-json", "the request body is not valid JSON", request.url.path)
        return problem_response(422, "validation", "the request does not match the schema", request.url.path, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        slug = {404: "not-found", 405: "method-not-allowed", 400: "bad-request", 401: "unauthorized", 403: "forbidden"}.get(exc.status_code, "http-error")
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem_response(exc.status_code, slug, detail, request.url.path, headers=getattr(exc, "headers", None))

    @app.exception_handler(OperationalError)
    async def _database_down(request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable on %s %s: %s", request.method, request.url.path, exc.orig)
        return problem_response(
            503, "database-unavailable", "the database is unavailable; nothing was written, retry later",
            request.url.path, headers={"Retry-After": "5"},
        )  # fmt: skip

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(500, "internal", "an unexpected error occurred; nothing was acknowledged", request.url.path)


def responses(*statuses: int, ok: dict[str, Any] | None = None) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the problems an operation can return (plus its 200 entry, if given)."""
    extra: dict[int | str, dict[str, Any]] = {200: ok} if ok else {}
    return extra | {
        s: {"model": Problem, "description": _TITLES.get(s, "Error"), "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for s in statuses
    }
