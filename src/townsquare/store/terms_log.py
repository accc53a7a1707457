"""Record in the audit log which version of the terms is being enforced, and its exact content.

Changing the enforced terms changes every later decision, so it is a state change like any other:
the entry holds the version and a hash of its content, which ties each decision's ``terms_version``
to the text that was in force.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from townsquare.policy.terms import Terms
from townsquare.store.audit import AuditWriter
from townsquare.store.database import Database
from townsquare.store.hashing import canonical_json, sha256
from townsquare.store.tables import AuditRow


def terms_digest(terms: Terms) -> str:
    return sha256(canonical_json(terms.model_dump(mode="json")))


def record_terms_in_force(db: Database, terms: Terms, *, actor: str, at: dt.datetime | None = None) -> bool:
    """Append a ``terms.enforced`` entry unless the latest one already names this exact content.
    Returns whether an entry was written."""
    digest = terms_digest(terms)
    with db.writing() as session:
        audit = AuditWriter(session)
        last = session.scalar(
            select(AuditRow.payload).where(AuditRow.event == "terms.enforced").order_by(AuditRow.seq.desc()).limit(1)
        )
        if last is not None and f'"sha256":"{digest}"' in last:
            return False
        audit.append(
            at=at or dt.datetime.now(dt.timezone.utc), actor=actor, event="terms.enforced", entity_type="terms",
            entity_id=terms.version, payload={"version": terms.version, "effective": terms.effective.isoformat(), "sha256": digest},
        )  # fmt: skip
        audit.write()
    return True
