"""Moderate posts durably: classify what is new, decide, write, and only then answer.

The order matters. A decision is acknowledged only after its transaction (post, decision, statement
of reasons, audit entry) has committed. Re-sending a post id returns the stored decision without
classifying again; re-sending it with different content is a conflict, not a silent overwrite.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from townsquare.core.types import TextVerdict
from townsquare.decisions.statement import build_statement
from townsquare.policy.actions import AccountAction, Action
from townsquare.policy.dsa import EEA_COUNTRIES
from townsquare.policy.engine import Outcome, RuleHit, account_consequence, decide
from townsquare.policy.inputs import AuthorStanding, Post, SignalScore
from townsquare.policy.terms import Rule, Terms
from townsquare.store import repository
from townsquare.store.audit import AuditWriter
from townsquare.store.database import Database
from townsquare.store.hashing import iso, pseudonym
from townsquare.store.records import decision_record_hash, post_content_hash, post_row_hash, statement_hash
from townsquare.store.tables import Base, DecisionRow, PostRow, StatementRow

ClassifyBatch = Callable[[list[tuple[str, str, str | None]]], list[TextVerdict]]


class Submission(BaseModel):
    """A post plus the scores of the platform's own detectors (``ext.*`` signals of the terms)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    post: Post
    signals: dict[str, SignalScore] = Field(default_factory=dict, max_length=32)


class PostConflictError(Exception):
    """Post ids that were already moderated with different content; nothing was written."""

    def __init__(self, post_ids: list[str]) -> None:
        super().__init__(f"post ids already used for different content: {', '.join(post_ids)}")
        self.post_ids = post_ids


class UnclassifiableError(ValueError):
    """The classifier refused an input (its own validation); nothing was written."""


class NotFoundError(LookupError):
    pass


class ReviewError(ValueError):
    pass


@dataclass(slots=True)
class DecisionRecord:
    """A decision as written: the same fields as :class:`DecisionRow`, without ORM bookkeeping
    (a batch of 500 decisions is inserted with one executemany, not 500 tracked objects)."""

    id: str
    post_id: str
    revision: int
    current: bool
    author: str
    status: str
    action: str
    interim_action: str | None
    rule_id: str
    terms_version: str
    model_version: str | None
    profile: str
    territorial_scope: list[str]
    signals: dict[str, float]
    evidence: list[dict[str, Any]]
    hits: list[dict[str, Any]]
    explanation: str
    strike: int
    account_action: str
    suspension_days: int | None
    automated: bool
    reviewer: str | None
    review_note: str | None
    decided_at: dt.datetime
    decided_at_iso: str
    record_sha256: str = ""

    def as_row(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}  # type: ignore[attr-defined]


@dataclass(slots=True)
class StatementRecord:
    decision_id: str
    body: dict[str, Any]
    body_sha256: str
    application_date: dt.date

    def as_row(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self.__slots__}  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Recorded:
    decision: DecisionRow | DecisionRecord
    statement: StatementRow | StatementRecord | None
    replayed: bool


@dataclass
class _Pending:
    """Rows of one transaction, inserted table by table (parents first) just before commit."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[DecisionRecord] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)

    def write(self, session: Session, audit: AuditWriter) -> None:
        # Core inserts on the tables: one executemany per table (the ORM's bulk path splits rows
        # into many statements by which values are NULL).
        if self.posts:
            session.execute(insert(Base.metadata.tables[PostRow.__tablename__]), self.posts)
        if self.decisions:
            session.execute(insert(Base.metadata.tables[DecisionRow.__tablename__]), [d.as_row() for d in self.decisions])
        if self.statements:
            session.execute(insert(Base.metadata.tables[StatementRow.__tablename__]), [s.as_row() for s in self.statements])
        audit.write()


def new_decision_id() -> str:
    return f"d-{uuid.uuid4().hex}"


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    """Store times in UTC: SQLite keeps no offset, so a local time would come back as another instant."""
    return moment.astimezone(dt.timezone.utc) if moment is not None else None


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def outcome_of(row: DecisionRow | DecisionRecord) -> Outcome:
    """Rebuild the engine outcome from a stored decision (for notices and statements)."""
    return Outcome(
        post_id=row.post_id,
        action=Action(row.action),
        interim_action=Action(row.interim_action) if row.interim_action else None,
        rule_id=row.rule_id,
        terms_version=row.terms_version,
        model_version=row.model_version,
        profile=row.profile,
        territorial_scope=list(row.territorial_scope),
        signals=dict(row.signals),
        evidence=list(row.evidence),  # type: ignore[arg-type]
        hits=[RuleHit.model_validate(h) for h in row.hits],
        strike=row.strike,
        account_action=AccountAction(row.account_action),
        suspension_days=row.suspension_days,
        explanation=row.explanation,
    )


class Moderator:
    """Ties the classifier, the engine and the store together for one terms version."""

    def __init__(
        self,
        db: Database,
        terms: Terms,
        classify_batch: ClassifyBatch,
        *,
        author_salt: str,
        clock: Callable[[], dt.datetime] = _utcnow,
        terms_url: str | None = None,
    ) -> None:
        self.db = db
        self.terms_url = terms_url
        self.terms = terms
        self.classify_batch = classify_batch
        self.author_salt = author_salt
        self.clock = clock

    def author_pseudonym(self, author: str) -> str:
        return pseudonym(author, self.author_salt)

    def _content_hash(self, s: Submission) -> str:
        p = s.post
        return post_content_hash(
            id=p.id, author=self.author_pseudonym(p.author), text=p.text, lang=p.lang, country=p.country,
            audience=p.audience.value, image_refs=p.image_refs, created_at=p.created_at, external_signals=s.signals,
        )  # fmt: skip

    def moderate(self, submissions: Sequence[Submission], actor: str) -> list[Recorded]:
        """Decide every submission (in order), idempotently; one transaction for the whole batch."""
        hashes: dict[str, str] = {}
        for s in submissions:
            h = self._content_hash(s)
            if hashes.setdefault(s.post.id, h) != h:
                raise PostConflictError([s.post.id])
        for attempt in range(3):
            with self.db.reading() as session:
                known = set(repository.existing_posts(session, hashes))
            fresh = [s for s in dict((s.post.id, s) for s in submissions).values() if s.post.id not in known]
            try:
                items = [(s.post.id, s.post.text, s.post.lang) for s in fresh]
                verdicts = {v.id: v for v in self.classify_batch(items)} if fresh else {}
            except ValueError as exc:  # the classifier's InputError: a message fit for the sender
                raise UnclassifiableError(str(exc)) from exc
            try:
                return self._write(submissions, hashes, verdicts, actor)
            except IntegrityError:
                if attempt == 2:
                    raise
                continue  # a concurrent request stored one of these ids first: re-read and replay it
        raise AssertionError("unreachable")

    def _write(self, submissions: Sequence[Submission], hashes: dict[str, str], verdicts: Mapping[str, TextVerdict], actor: str) -> list[Recorded]:
        now = self.clock()
        with self.db.writing() as session:
            # Take the writer lock first, so the reads below (known posts, authors' strikes) see
            # everything committed by the writer before us (PostgreSQL, READ COMMITTED).
            audit = AuditWriter(session)
            existing = repository.existing_posts(session, hashes)
            conflicts = sorted(pid for pid, row in existing.items() if post_row_hash(row) != hashes[pid])
            if conflicts:
                raise PostConflictError(conflicts)
            replays = repository.current_decisions(session, existing)
            missing = [pid for pid in hashes if pid not in existing and pid not in verdicts]
            if missing:  # posts are never deleted, so only a classifier that drops items gets here
                raise RuntimeError(f"the classifier returned no verdict for {missing}")
            authors = {self.author_pseudonym(s.post.author) for s in submissions if s.post.id not in existing}
            standing = repository.standings(session, authors, self.terms.accounts, now)
            pending = _Pending()
            done: dict[str, Recorded] = {}
            results: list[Recorded] = []
            for s in submissions:
                pid = s.post.id
                if pid in done:
                    results.append(done[pid])
                    continue
                if pid in existing:
                    decision = replays[pid]
                    rec = Recorded(decision, repository.get_statement(session, decision.id), replayed=True)
                else:
                    rec = self._decide_one(pending, audit, s, verdicts[pid], hashes[pid], standing, now, actor)
                done[pid] = rec
                results.append(rec)
            pending.write(session, audit)
        return results

    def _decide_one(
        self, pending: _Pending, audit: AuditWriter, s: Submission, verdict: TextVerdict, content_hash: str,
        standing: dict[str, AuthorStanding], now: dt.datetime, actor: str,
    ) -> Recorded:  # fmt: skip
        post = s.post
        author = self.author_pseudonym(post.author)
        outcome = decide(post, verdict, self.terms, standing[author], s.signals)
        _advance(standing, author, outcome)
        pending.posts.append(
            dict(
                id=post.id, author=author, text=post.text, lang=post.lang, country=post.country,
                audience=post.audience.value, image_refs=list(post.image_refs), external_signals=dict(s.signals),
                created_at=_utc(post.created_at), received_at=now, content_sha256=content_hash,
            )  # fmt: skip
        )
        return self._store_decision(
            pending, audit, outcome, post_id=post.id, author=author, revision=0, now=now, actor=actor,
            content_date=(_utc(post.created_at) or now).date(), lang=post.lang or verdict.lang,
            has_images=bool(post.image_refs), post_sha=content_hash,
        )  # fmt: skip

    def _store_decision(
        self, pending: _Pending, audit: AuditWriter, outcome: Outcome, *, post_id: str, author: str, revision: int,
        now: dt.datetime, actor: str, content_date: dt.date, lang: str | None, has_images: bool, post_sha: str | None,
        reviewer: str | None = None, note: str | None = None, applied: Action | None = None,
    ) -> Recorded:  # fmt: skip
        decision_id = new_decision_id()
        reviewed = reviewer is not None
        status = "reviewed" if reviewed else ("pending_review" if outcome.action == Action.ESCALATE else "decided")
        row = DecisionRecord(
            id=decision_id, post_id=post_id, revision=revision, current=True, author=author, status=status,
            action=(applied or outcome.action).value,
            interim_action=outcome.interim_action.value if outcome.interim_action and not reviewed else None,
            rule_id=outcome.rule_id, terms_version=outcome.terms_version, model_version=outcome.model_version,
            profile=outcome.profile, territorial_scope=list(outcome.territorial_scope), signals=dict(outcome.signals),
            evidence=[e.model_dump(mode="json") for e in outcome.evidence], hits=[h.model_dump(mode="json") for h in outcome.hits],
            explanation=outcome.explanation, strike=outcome.strike, account_action=outcome.account_action.value,
            suspension_days=outcome.suspension_days, automated=not reviewed, reviewer=reviewer, review_note=note,
            decided_at=now, decided_at_iso=iso(now), record_sha256="",
        )  # fmt: skip
        row.record_sha256 = decision_record_hash(row)
        pending.decisions.append(row)
        sor = build_statement(
            puid=decision_id, outcome=outcome, terms=self.terms, content_date=min(content_date, now.date()),
            application_date=now.date(), content_lang=lang, has_images=has_images,
            reviewed_by_human=reviewed, applied_action=applied, terms_url=self.terms_url,
        )  # fmt: skip
        statement = None
        if sor is not None:
            body = sor.to_api()
            statement = StatementRecord(decision_id=decision_id, body=body, body_sha256=statement_hash(body), application_date=now.date())
            pending.statements.append(statement)
        audit.append(
            at=now, actor=actor, event="decision.reviewed" if reviewed else "decision.created",
            entity_type="decision", entity_id=decision_id,
            payload={
                "post_id": post_id, "revision": revision, "action": row.action, "status": status,
                "rule_id": row.rule_id, "terms_version": row.terms_version, "record_sha256": row.record_sha256,
                "statement_sha256": statement.body_sha256 if statement else None, "post_sha256": post_sha,
            },
        )  # fmt: skip
        return Recorded(row, statement, replayed=False)

    def review(self, decision_id: str, *, action: Action, rule_id: str | None, reviewer: str, note: str | None) -> Recorded:
        """A moderator's final decision on a post: a new revision, a new statement, an audit entry."""
        if action == Action.ESCALATE:
            raise ReviewError("a review decides: choose an action other than escalate")
        now = self.clock()
        with self.db.writing() as session:
            audit = AuditWriter(session)  # the writer lock: two reviews of one decision serialise here
            prior = repository.get_decision(session, decision_id)
            if prior is None:
                raise NotFoundError(decision_id)
            if not prior.current:
                raise ReviewError(f"decision {decision_id} was superseded; review the current one")
            post = repository.get_post(session, prior.post_id)
            assert post is not None
            if prior.terms_version != self.terms.version:
                raise ReviewError(f"decision {decision_id} was taken under terms {prior.terms_version}, now enforcing {self.terms.version}")
            outcome = self._reviewed_outcome(session, prior, action, rule_id, now)
            prior.current = False
            session.flush()
            pending = _Pending()
            recorded = self._store_decision(
                pending, audit, outcome, post_id=prior.post_id, author=prior.author, revision=prior.revision + 1,
                now=now, actor=reviewer, content_date=(post.created_at or post.received_at).date(), lang=post.lang,
                has_images=bool(post.image_refs), post_sha=post.content_sha256, reviewer=reviewer, note=note, applied=action,
            )  # fmt: skip
            pending.write(session, audit)
            return recorded

    def _reviewed_outcome(self, session: Session, prior: DecisionRow, action: Action, rule_id: str | None, now: dt.datetime) -> Outcome:
        base = outcome_of(prior)
        if action == Action.ALLOW:
            return base.model_copy(update={"action": Action.ALLOW, "interim_action": None, "rule_id": self.terms.baseline.id,
                                           "territorial_scope": [], "strike": 0, "account_action": AccountAction.NONE, "suspension_days": None})  # fmt: skip
        rid = rule_id or prior.rule_id
        try:
            rule = self.terms.rule(rid)
        except KeyError:
            raise ReviewError(f"terms {self.terms.version} have no rule {rid}") from None
        if not isinstance(rule, Rule):
            raise ReviewError("a restriction must cite a rule other than the baseline")
        profile = rule.profile(prior.profile == "minors")
        band = next((b for b in profile.bands if b.action == action), None)
        if band is None:
            raise ReviewError(f"rule {rid} does not prescribe {action.value} for the {prior.profile} profile")
        standing = repository.standings(session, [prior.author], self.terms.accounts, now)[prior.author]
        consequence, days = account_consequence(self.terms.accounts, standing, band.strike)
        scope = sorted(rule.countries) if rule.countries else list(EEA_COUNTRIES)
        hits = [h if h.rule_id != rid else h.model_copy(update={"action": action, "band_at": band.at, "strike": band.strike}) for h in base.hits]
        return base.model_copy(
            update={"action": action, "interim_action": None, "rule_id": rid, "territorial_scope": scope, "hits": hits,
                    "strike": band.strike, "account_action": consequence, "suspension_days": days,
                    "explanation": base.explanation + f"; human review: {action.value} under {rid}"}  # fmt: skip
        )


def _advance(standing: dict[str, AuthorStanding], author: str, outcome: Outcome) -> None:
    """Later posts of the same author in one batch see the strikes of earlier ones."""
    s = standing[author]
    standing[author] = AuthorStanding(
        active_strikes=s.active_strikes + outcome.strike,
        warned=s.warned or outcome.account_action == AccountAction.WARNING,
    )

