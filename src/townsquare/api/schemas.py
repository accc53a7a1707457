"""Request and response shapes of the API. Internal columns (author pseudonym, hashes) never leak."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from townsquare.core.types import Evidence
from townsquare.policy.actions import AccountAction, Action
from townsquare.policy.inputs import DateString, Post, SignalScore, Timestamp
from townsquare.store.moderation import DecisionRecord
from townsquare.store.tables import DecisionRow

SignalName = Annotated[str, Field(pattern=r"^ext\.[a-z][a-z0-9_]*$", max_length=64)]


class PostIn(Post):
    """A post to moderate, with the scores of the platform's own detectors, if any."""

    model_config = ConfigDict(frozen=True, extra="forbid", json_schema_extra={
        "examples": [{"id": "post-1", "author": "user-42", "text": "Nice weather today.", "lang": "en", "country": "DE"}]
    })  # fmt: skip

    signals: dict[SignalName, SignalScore] = Field(
        default_factory=dict,
        max_length=32,
        description="ext.* detector scores declared by the terms in force",
        json_schema_extra={"additionalProperties": False},
    )


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    posts: list[PostIn] = Field(min_length=1)


class DecisionOut(BaseModel):
    """A decision as clients see it."""

    id: str = Field(description="decision id; also the statement of reasons' puid")
    post_id: str
    revision: int
    status: Literal["decided", "pending_review", "reviewed"]
    action: Action
    interim_action: Action | None
    rule_id: str
    terms_version: str
    model_version: str | None
    profile: Literal["default", "minors"]
    territorial_scope: list[str]
    signals: dict[str, float]
    evidence: list[Evidence]
    explanation: str
    strike: int
    account_action: AccountAction
    suspension_days: int | None
    automated: bool
    decided_at: dt.datetime
    has_statement: bool
    replayed: bool = Field(default=False, description="true when this post id was already decided")

    @classmethod
    def of(cls, row: DecisionRow | DecisionRecord, *, has_statement: bool, replayed: bool = False) -> DecisionOut:
        return cls(
            id=row.id, post_id=row.post_id, revision=row.revision, status=row.status, action=Action(row.action),  # type: ignore[arg-type]
            interim_action=Action(row.interim_action) if row.interim_action else None, rule_id=row.rule_id,
            terms_version=row.terms_version, model_version=row.model_version, profile=row.profile,  # type: ignore[arg-type]
            territorial_scope=list(row.territorial_scope), signals=dict(row.signals),
            evidence=[Evidence.model_validate(e) for e in row.evidence], explanation=row.explanation,
            strike=row.strike, account_action=AccountAction(row.account_action), suspension_days=row.suspension_days,
            automated=row.automated, decided_at=row.decided_at_iso, has_statement=has_statement, replayed=replayed,  # type: ignore[arg-type]
        )  # fmt: skip


class BatchOut(BaseModel):
    decisions: list[DecisionOut]


class DecisionPage(BaseModel):
    items: list[DecisionOut]
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page; null on the last page")


class ReviewIn(BaseModel):
    """A moderator's decision on an escalated (or any current) decision."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["allow", "label", "reduce_reach", "age_restrict", "geo_restrict", "remove"]
    rule_id: Annotated[str, Field(pattern=r"^TS-[A-Z0-9]+(-[A-Z0-9]+)*$")] | None = None
    note: Annotated[str, Field(max_length=2000)] | None = None


class NoticeOut(BaseModel):
    decision_id: str
    lang: str
    text: str


class DecisionQuery(BaseModel):
    """Filters for GET /v1/decisions. Unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid")

    post_id: Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")] | None = Field(
        default=None, description="the platform's post id: find the decision for a post"
    )
    revisions: bool = Field(default=False, description="include superseded revisions (human reviews keep the history)")
    action: Action | None = None
    status: Literal["decided", "pending_review", "reviewed"] | None = None
    rule_id: Annotated[str, Field(max_length=64)] | None = None
    terms_version: Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")] | None = None
    author: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(default=None, description="the platform's author id")
    since: Timestamp | None = None
    until: Timestamp | None = None
    limit: int = Field(default=50, ge=1, le=200)
    cursor: Annotated[str, Field(pattern=r"^[0-9]{1,18}$")] | None = None


class StatementQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    since: DateString | None = None
    until: DateString | None = None
    limit: int = Field(default=100, ge=1, le=1000)
    cursor: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")] | None = None
    format: Literal["json", "csv"] = "json"


class StatementPage(BaseModel):
    statements: list[dict[str, object]]
    next_cursor: str | None


class AuditReportOut(BaseModel):
    ok: bool
    entries: int
    decisions: int
    head_seq: int
    head: str
    problems: list[dict[str, object]]
