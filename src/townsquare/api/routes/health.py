"""GET /healthz: liveness and the versions in force (no key needed, reveals no data)."""

from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter(tags=["health"])


@router.get("/healthz", operation_id="health")
def health(request: Request) -> dict[str, str]:
    state = request.app.state
    return {"status": "ok", "terms_version": state.terms.version}
