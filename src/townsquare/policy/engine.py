"""The decision engine: post + signals + terms -> outcome. Pure: no clock, no I/O, no randomness.

Why pure: a decision must be reproducible from what is stored with it (terms version, signal
scores, author standing), so that an appeal, an audit or a regulator can recompute it and get the
same answer.

How rules combine: each rule reads one signal and maps its score to a graduated action through the
bands of the profile that applies (the stricter ``minors`` profile for content shown to minors).
The most severe action across rules wins; ties go to the rule listed first. If any rule's score
falls in its review band and nothing more severe than that rule could do is already certain, the
post goes to human review, with the certain part applied meanwhile (``interim_action``).
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from townsquare.core.types import Evidence, TextVerdict
from townsquare.policy.actions import SEVERITY, AccountAction, Action, Audience
from townsquare.policy.dsa import EEA_COUNTRIES
from townsquare.policy.inputs import AuthorStanding, Post
from townsquare.policy.terms import CLASSIFIER, AccountPolicy, Rule, Terms

#: A first-time author: no strikes, never warned.
NO_STRIKES = AuthorStanding()


class SignalError(ValueError):
    """The signals handed to the engine do not fit the post or the terms."""


class RuleHit(BaseModel):
    """How one rule read its signal for this post (kept for the explanation and for audits)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    signal: str
    score: float
    profile: str
    action: Action
    band_at: float | None = Field(description="the threshold that was met; None when none was")
    review: tuple[float, float] | None = Field(default=None, description="the review band, thresholds resolved")
    uncertain: bool
    strike: int = 0


class Outcome(BaseModel):
    """The engine's decision for one post, with everything needed to explain and reproduce it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    post_id: str
    action: Action
    interim_action: Action | None = Field(
        default=None, description="while in human review: the part of the decision already certain"
    )
    rule_id: str
    terms_version: str
    model_version: str | None
    profile: str
    territorial_scope: list[str]
    signals: dict[str, float]
    evidence: list[Evidence]
    hits: list[RuleHit]
    strike: int
    account_action: AccountAction
    suspension_days: int | None = None
    explanation: str

    @property
    def automated(self) -> bool:
        """Fully automated unless a human must still decide."""
        return self.action != Action.ESCALATE


def collect_signals(verdict: TextVerdict | None, external: Mapping[str, float], terms: Terms) -> dict[str, float]:
    """Flatten the classifier verdict and external detector scores into ``{signal name: score}``.

    External names must be declared by the terms (``ext.*``): an undeclared name is refused rather
    than ignored, because a misspelt detector name would silently never restrict anything.
    """
    signals: dict[str, float] = {}
    if verdict is not None:
        signals["text.hateful"] = float(verdict.score)
        for category, score in verdict.categories.items():
            signals[f"text.{category.value}"] = float(score)
    for name, score in external.items():
        if not name.startswith("ext."):
            raise SignalError(f"external signal {name!r} must be named ext.<detector>")
        if name not in terms.signals:
            raise SignalError(f"signal {name!r} is not declared by terms {terms.version}")
        if not 0.0 <= score <= 1.0:
            raise SignalError(f"signal {name!r} must be a probability in [0, 1]")
        signals[name] = float(score)
    return dict(sorted(signals.items()))


def _resolve(at: float | str, classifier_threshold: float | None) -> float:
    """A band's threshold as a number; ``classifier`` is the verdict's own per-language threshold
    (above 1, i.e. never met, when there is no verdict to take it from)."""
    if at == CLASSIFIER:
        return classifier_threshold if classifier_threshold is not None else 1.01
    return float(at)


def _read_rule(rule: Rule, score: float, minors: bool, classifier_threshold: float | None) -> RuleHit:
    profile_name = "minors" if minors and "minors" in rule.profiles else "default"
    profile = rule.profile(minors)
    resolved = [(_resolve(b.at, classifier_threshold), b) for b in profile.bands]
    # bands are listed from the most severe down: the first one met applies
    at, band = next(((at, b) for at, b in resolved if score >= at), (None, None))
    review = None
    if profile.review is not None:
        review = (_resolve(profile.review[0], classifier_threshold), _resolve(profile.review[1], classifier_threshold))
    uncertain = review is not None and review[0] <= score < review[1]
    return RuleHit(
        rule_id=rule.id,
        signal=rule.signal,
        score=score,
        profile=profile_name,
        action=band.action if band else Action.ALLOW,
        band_at=at,
        review=review,
        uncertain=uncertain,
        strike=band.strike if band else 0,
    )


def _most_severe(hits: list[RuleHit]) -> RuleHit | None:
    best: RuleHit | None = None
    for hit in hits:  # rules in published order: the first of equal severity wins
        if hit.action != Action.ALLOW and (best is None or SEVERITY[hit.action] > SEVERITY[best.action]):
            best = hit
    return best


def account_consequence(policy: AccountPolicy, standing: AuthorStanding, strike: int) -> tuple[AccountAction, int | None]:
    """Warning first, suspension only for a warned repeat offender (DSA Art. 23)."""
    if strike <= 0:
        return AccountAction.NONE, None
    total = standing.active_strikes + strike
    if standing.warned and total >= policy.suspend_at:
        return AccountAction.SUSPENSION, policy.suspension_days
    if not standing.warned and total >= policy.warn_at:
        return AccountAction.WARNING, None
    return AccountAction.NONE, None


def _scope(hits: list[RuleHit], rules: dict[str, Rule], action: Action) -> list[str]:
    """Where the restriction applies: the listed countries for territorial rules, else the EEA."""
    if action == Action.GEO_RESTRICT:
        countries: set[str] = set()
        for hit in hits:  # several territorial rules may restrict the same post in different states
            r = rules[hit.rule_id]
            if hit.action == Action.GEO_RESTRICT and r.countries:
                countries.update(r.countries)
        return sorted(countries)
    if action in (Action.ALLOW, Action.ESCALATE):
        return []
    return list(EEA_COUNTRIES)


def _explain(hits: list[RuleHit], action: Action, interim: Action | None) -> str:
    parts = []
    for h in hits:
        if h.action == Action.ALLOW and not h.uncertain:
            continue
        threshold = f">= {h.band_at:.2f}" if h.band_at is not None else "below every band"
        flag = ", uncertain" if h.uncertain else ""
        parts.append(f"{h.rule_id} [{h.profile}] {h.signal}={h.score:.3f} {threshold}: {h.action.value}{flag}")
    if not parts:
        return "no rule matched: allow"
    tail = f"-> {action.value}" + (f" (interim {interim.value})" if interim else "")
    return "; ".join(parts) + " " + tail


def decide(
    post: Post,
    verdict: TextVerdict | None,
    terms: Terms,
    standing: AuthorStanding = NO_STRIKES,
    external: Mapping[str, float] | None = None,
) -> Outcome:
    """Decide one post. Same inputs, same outcome, always."""
    if verdict is not None and verdict.id != post.id:
        raise SignalError(f"verdict is for {verdict.id!r}, not for post {post.id!r}")
    signals = collect_signals(verdict, external or {}, terms)
    minors = post.audience == Audience.MINORS
    rules = {r.id: r for r in terms.rules}
    threshold = verdict.threshold if verdict is not None else None
    hits = [_read_rule(r, signals.get(r.signal, 0.0), minors, threshold) for r in terms.rules]

    certain = _most_severe(hits)
    certain_action = certain.action if certain else Action.ALLOW
    # A rule in its review band could still lead to its most severe band; escalate if that is worse
    # than what is already certain.
    doubtful = [
        h for h in hits
        if h.uncertain and SEVERITY[rules[h.rule_id].profile(minors).bands[0].action] > SEVERITY[certain_action]
    ]  # fmt: skip

    deciding: RuleHit | None
    interim: Action | None
    if doubtful:
        action, interim, deciding = Action.ESCALATE, certain_action, doubtful[0]
        strike = 0  # no strike until a human confirms
    else:
        action, interim, deciding = certain_action, None, certain
        strike = certain.strike if certain else 0

    consequence, days = account_consequence(terms.accounts, standing, strike)
    scope_action = interim if action == Action.ESCALATE and interim else action
    return Outcome(
        post_id=post.id,
        action=action,
        interim_action=interim,
        rule_id=deciding.rule_id if deciding else terms.baseline.id,
        terms_version=terms.version,
        model_version=verdict.model_version if verdict else None,
        profile="minors" if minors else "default",
        territorial_scope=_scope(hits, rules, scope_action),
        signals=signals,
        evidence=list(verdict.evidence) if verdict else [],
        hits=hits,
        strike=strike,
        account_action=consequence,
        suspension_days=days,
        explanation=_explain(hits, action, interim),
    )
