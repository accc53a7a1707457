"""The database schema (SQLAlchemy 2 declarative). Migrations in ``migrations/`` create exactly this.

Times that feed a hash are also kept as ISO strings so that SQLite (naive datetimes) and PostgreSQL
(aware ones) hash identically. Authors are stored only as a keyed pseudonym.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class PostRow(Base):
    __tablename__ = "posts"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    author: Mapped[str] = mapped_column(String(64), index=True, doc="HMAC pseudonym of the author id")
    text: Mapped[str] = mapped_column(Text)
    lang: Mapped[str | None] = mapped_column(String(2))
    country: Mapped[str | None] = mapped_column(String(2))
    audience: Mapped[str] = mapped_column(String(16))
    image_refs: Mapped[list[str]] = mapped_column(JSON)
    external_signals: Mapped[dict[str, float]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    content_sha256: Mapped[str] = mapped_column(String(64), doc="idempotency check for re-sent post ids")


class DecisionRow(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("post_id", "revision", name="uq_decisions_post_revision"),
        Index("ix_decisions_author_decided", "author", "decided_at"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(64), unique=True, doc="public id, also the SoR puid")
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer, doc="0: automated; 1+: human reviews")
    current: Mapped[bool] = mapped_column(Boolean, index=True)
    author: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), index=True)
    action: Mapped[str] = mapped_column(String(16), index=True)
    interim_action: Mapped[str | None] = mapped_column(String(16))
    rule_id: Mapped[str] = mapped_column(String(64), index=True)
    terms_version: Mapped[str] = mapped_column(String(16))
    model_version: Mapped[str | None] = mapped_column(String(100))
    profile: Mapped[str] = mapped_column(String(16))
    territorial_scope: Mapped[list[str]] = mapped_column(JSON)
    signals: Mapped[dict[str, float]] = mapped_column(JSON)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    hits: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    explanation: Mapped[str] = mapped_column(Text)
    strike: Mapped[int] = mapped_column(Integer)
    account_action: Mapped[str] = mapped_column(String(16))
    suspension_days: Mapped[int | None] = mapped_column(Integer)
    automated: Mapped[bool] = mapped_column(Boolean)
    reviewer: Mapped[str | None] = mapped_column(String(200))
    review_note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    decided_at_iso: Mapped[str] = mapped_column(String(40))
    record_sha256: Mapped[str] = mapped_column(String(64))

    #: Declared so the unit of work inserts posts before their decisions in one batched flush.
    post: Mapped[PostRow] = relationship(lazy="raise")


class StatementRow(Base):
    __tablename__ = "statements"

    decision_id: Mapped[str] = mapped_column(ForeignKey("decisions.id"), primary_key=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    body_sha256: Mapped[str] = mapped_column(String(64))
    application_date: Mapped[dt.date] = mapped_column(index=True)

    decision: Mapped[DecisionRow] = relationship(lazy="raise")


class AuditRow(Base):
    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    event: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(200), index=True)
    payload: Mapped[str] = mapped_column(Text, doc="canonical JSON, hashed as stored")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
