"""GET /v1/audit/verify: recompute the audit chain (admin only; it reads every row)."""

from __future__ import annotations

from fastapi import APIRouter

from townsquare.api.deps import Audits, DatabaseDep
from townsquare.api.problems import responses
from townsquare.api.schemas import AuditReportOut
from townsquare.store.audit import verify

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("/verify", operation_id="verify_audit", response_model=AuditReportOut, responses=responses(401, 403, 503))
def verify_audit(db: DatabaseDep, _: Audits) -> AuditReportOut:
    with db.reading() as s:
        report = verify(s)
    return AuditReportOut(
        ok=report.ok, entries=report.entries, decisions=report.decisions, head_seq=report.head_seq, head=report.head,
        problems=[p.model_dump() for p in report.problems],
    )  # fmt: skip
