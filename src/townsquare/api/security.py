"""API keys with roles, and the gate each route declares.

Keys are compared by SHA-256 digest in constant time; a request carries one in ``X-API-Key``.
What each role may do is listed once, here, so the access rules can be read (and tested) in one
place instead of being scattered across routes.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader

from townsquare.api.problems import ProblemError
from townsquare.core.settings import Role


class Permission(StrEnum):
    MODERATE = "moderate"  # submit posts
    READ_DECISIONS = "read_decisions"  # decisions with post ids, signals and evidence
    REVIEW = "review"  # human review of escalated decisions
    READ_STATEMENTS = "read_statements"  # one decision's statement of reasons / user notice
    EXPORT_STATEMENTS = "export_statements"  # bulk, anonymised statements (Art. 40 research, DSA TDB)
    AUDIT = "audit"


ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    "platform": frozenset({Permission.MODERATE, Permission.READ_DECISIONS, Permission.READ_STATEMENTS}),
    "moderator": frozenset({Permission.READ_DECISIONS, Permission.REVIEW, Permission.READ_STATEMENTS}),
    "researcher": frozenset({Permission.EXPORT_STATEMENTS}),
    "admin": frozenset(Permission),
}


@dataclass(frozen=True)
class Principal:
    role: Role
    key_id: str  # first 12 hex of the key digest: names the caller in the audit log, reveals nothing

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="an API key; its role decides what it may do")


def authenticate(request: Request, key: Annotated[str | None, Depends(api_key_header)]) -> Principal:
    if not key:
        raise ProblemError(401, "unauthorized", "send an API key in the X-API-Key header")
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    table: dict[str, Role] = request.app.state.api_key_digests
    for known, role in table.items():
        if hmac.compare_digest(known, digest):
            return Principal(role=role, key_id=f"{role}:{digest[:12]}")
    raise ProblemError(401, "unauthorized", "unknown API key")


def require(permission: Permission) -> Callable[[Principal], Principal]:
    """A dependency that lets through only roles holding ``permission``."""

    def gate(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if not principal.may(permission):
            raise ProblemError(403, "forbidden", f"the {principal.role} role may not {permission.value.replace('_', ' ')}")
        return principal

    return gate
