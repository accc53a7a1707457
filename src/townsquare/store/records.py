"""Fingerprints of stored records, recomputable from the rows alone (used by the audit check)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from townsquare.store.hashing import canonical_json, iso, sha256
from townsquare.store.tables import DecisionRow, PostRow


def post_content_hash(
    *, id: str, author: str, text: str, lang: str | None, country: str | None, audience: str,
    image_refs: list[str], created_at: dt.datetime | None, external_signals: dict[str, float],
) -> str:  # fmt: skip
    """What makes two submissions of one post id "the same post" (author as its pseudonym)."""
    return sha256(
        canonical_json(
            [id, author, text, lang, country, audience, list(image_refs), iso(created_at) if created_at else None,
             dict(sorted(external_signals.items()))]
        )  # fmt: skip
    )


def post_row_hash(row: PostRow) -> str:
    return post_content_hash(
        id=row.id, author=row.author, text=row.text, lang=row.lang, country=row.country, audience=row.audience,
        image_refs=row.image_refs, created_at=row.created_at, external_signals=row.external_signals,
    )  # fmt: skip


DECISION_FIELDS = (
    "id", "post_id", "revision", "author", "status", "action", "interim_action", "rule_id", "terms_version",
    "model_version", "profile", "territorial_scope", "signals", "strike", "account_action", "suspension_days",
    "automated", "reviewer", "decided_at_iso",
)  # fmt: skip


def decision_record_hash(row: DecisionRow | Any) -> str:
    """Hash of the fields that make up what was decided (not the derived ``current`` flag)."""
    return sha256(canonical_json({f: getattr(row, f) for f in DECISION_FIELDS}))


def statement_hash(body: dict[str, Any]) -> str:
    return sha256(canonical_json(body))
