"""Dependencies shared by the routers, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from townsquare.api.security import Permission, Principal, require
from townsquare.core.settings import Settings
from townsquare.policy.terms import Terms, TermsHistory
from townsquare.store.database import Database
from townsquare.store.moderation import Moderator


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def _database(request: Request) -> Database:
    return request.app.state.database  # type: ignore[no-any-return]


def _moderator(request: Request) -> Moderator:
    return request.app.state.moderator  # type: ignore[no-any-return]


def _history(request: Request) -> TermsHistory:
    return request.app.state.terms_history  # type: ignore[no-any-return]


def _terms(request: Request) -> Terms:
    return request.app.state.terms  # type: ignore[no-any-return]


SettingsDep = Annotated[Settings, Depends(_settings)]
DatabaseDep = Annotated[Database, Depends(_database)]
ModeratorDep = Annotated[Moderator, Depends(_moderator)]
HistoryDep = Annotated[TermsHistory, Depends(_history)]
TermsDep = Annotated[Terms, Depends(_terms)]

Moderates = Annotated[Principal, Depends(require(Permission.MODERATE))]
ReadsDecisions = Annotated[Principal, Depends(require(Permission.READ_DECISIONS))]
Reviews = Annotated[Principal, Depends(require(Permission.REVIEW))]
ReadsStatements = Annotated[Principal, Depends(require(Permission.READ_STATEMENTS))]
ExportsStatements = Annotated[Principal, Depends(require(Permission.EXPORT_STATEMENTS))]
Audits = Annotated[Principal, Depends(require(Permission.AUDIT))]
