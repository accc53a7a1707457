"""The engine applies the published terms: graduated, territorial, stricter for minors, explained."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from townsquare.policy.actions import RESTRICTIONS, SEVERITY, AccountAction, Action, Audience
from townsquare.policy.dsa import EEA_COUNTRIES
from townsquare.policy.engine import SignalError, decide
from townsquare.policy.inputs import AuthorStanding

from .factories import history, post, verdict

# The mechanics are pinned to 1.1.0 (absolute thresholds); 1.2.0's classifier-relative hate rule
# has its own tests below, and the property test runs over every published version.
TERMS = history().get("1.1.0")
OLD = history().get("1.0.0")
CURRENT = history().get("1.2.0")


def test_clean_post_is_allowed_and_cites_the_baseline_rule() -> None:
    out = decide(post(), verdict(hateful=0.02), TERMS)
    assert out.action == Action.ALLOW
    assert out.rule_id == "TS-0"
    assert out.terms_version == "1.1.0"
    assert out.model_version == "test-model-1"
    assert out.territorial_scope == []
    assert out.strike == 0 and out.account_action == AccountAction.NONE
    assert out.explanation == "no rule matched: allow"


def test_clear_hate_is_removed_everywhere_with_a_strike() -> None:
    out = decide(post(), verdict(hateful=0.97), TERMS)
    assert out.action == Action.REMOVE
    assert out.rule_id == "TS-HATE-1"
    assert out.territorial_scope == list(EEA_COUNTRIES)
    assert out.strike == 1
    assert out.signals["text.hateful"] == 0.97
    assert out.evidence and out.evidence[0].text == "some"
    assert "TS-HATE-1 [default] text.hateful=0.970 >= 0.90: remove" in out.explanation


def test_the_terms_version_changes_the_outcome() -> None:
    assert decide(post(), verdict(hateful=0.91), TERMS).action == Action.REMOVE
    assert decide(post(), verdict(hateful=0.91), OLD).action == Action.REDUCE_REACH


@pytest.mark.parametrize(
    ("score", "expected"),
    [(0.3, Action.ALLOW), (0.6, Action.ESCALATE), (0.8, Action.REDUCE_REACH), (0.95, Action.REMOVE)],
)
def test_hate_is_graduated(score: float, expected: Action) -> None:
    assert decide(post(), verdict(hateful=score), TERMS).action == expected


def test_uncertain_scores_go_to_a_human_with_no_strike() -> None:
    out = decide(post(), verdict(hateful=0.6, harassment=0.7), TERMS)
    assert out.action == Action.ESCALATE
    assert out.rule_id == "TS-HATE-1"
    assert out.interim_action == Action.LABEL  # the harassment label is certain meanwhile
    assert out.strike == 0
    assert not out.automated


def test_certain_removal_is_not_held_up_by_another_rules_doubt() -> None:
    out = decide(post(), verdict(hateful=0.6, threat=0.95), TERMS)
    assert out.action == Action.REMOVE
    assert out.rule_id == "TS-VIOLENCE-1"
    assert out.interim_action is None


def test_minors_get_the_stricter_profile() -> None:
    general = decide(post(), verdict(hateful=0.65), TERMS)
    minors = decide(post(audience=Audience.MINORS), verdict(hateful=0.65), TERMS)
    assert general.action == Action.ESCALATE
    assert minors.action == Action.AGE_RESTRICT and minors.profile == "minors"


def test_swearing_is_allowed_but_hidden_from_minors() -> None:
    v = verdict(profanity=0.9)
    assert decide(post(), v, TERMS).action == Action.ALLOW
    out = decide(post(audience=Audience.MINORS), v, TERMS)
    assert out.action == Action.AGE_RESTRICT and out.rule_id == "TS-MINORS-1"


def test_holocaust_denial_is_restricted_only_where_it_is_a_crime() -> None:
    out = decide(post(), verdict(), TERMS, external={"ext.holocaust_denial": 0.97})
    assert out.action == Action.GEO_RESTRICT
    assert out.rule_id == "TS-GEO-HOLOCAUST-1"
    assert "DE" in out.territorial_scope and "AT" in out.territorial_scope and "FR" in out.territorial_scope
    assert "IT" not in out.territorial_scope and "SE" not in out.territorial_scope


def test_two_territorial_rules_add_up_their_countries() -> None:
    out = decide(post(), verdict(), TERMS, external={"ext.holocaust_denial": 0.2, "ext.banned_symbol": 0.95})
    assert out.territorial_scope == ["AT", "DE"]
    both = decide(post(), verdict(), TERMS, external={"ext.holocaust_denial": 0.9, "ext.banned_symbol": 0.95})
    assert set(both.territorial_scope) == set(out.territorial_scope) | {"FR", "BE", "CZ", "PL", "HU", "SK", "LU", "RO"}


def test_removal_everywhere_beats_a_territorial_restriction() -> None:
    out = decide(post(), verdict(hateful=0.99), TERMS, external={"ext.holocaust_denial": 0.97})
    assert out.action == Action.REMOVE and out.territorial_scope == list(EEA_COUNTRIES)


def test_undeclared_or_misnamed_signals_are_refused() -> None:
    with pytest.raises(SignalError, match="not declared"):
        decide(post(), verdict(), TERMS, external={"ext.spam": 0.9})
    with pytest.raises(SignalError, match="ext."):
        decide(post(), verdict(), TERMS, external={"text.hateful": 0.9})
    with pytest.raises(SignalError, match="not declared"):  # 1.0.0 had no territorial detectors
        decide(post(), verdict(), OLD, external={"ext.holocaust_denial": 0.9})
    with pytest.raises(SignalError, match="probability"):
        decide(post(), verdict(), TERMS, external={"ext.banned_symbol": 1.5})


def test_a_verdict_for_another_post_is_refused() -> None:
    with pytest.raises(SignalError, match="not for post"):
        decide(post("p1"), verdict("p2"), TERMS)


def test_warning_comes_before_suspension() -> None:
    v = verdict(hateful=0.99)
    first = decide(post(), v, TERMS, AuthorStanding(active_strikes=0))
    assert first.account_action == AccountAction.NONE
    second = decide(post(), v, TERMS, AuthorStanding(active_strikes=1))
    assert second.account_action == AccountAction.WARNING
    unwarned = decide(post(), v, TERMS, AuthorStanding(active_strikes=5, warned=False))
    assert unwarned.account_action == AccountAction.WARNING  # Art. 23: never suspend without warning
    third = decide(post(), v, TERMS, AuthorStanding(active_strikes=2, warned=True))
    assert third.account_action == AccountAction.SUSPENSION and third.suspension_days == 14


def test_posts_refuse_hostile_strings() -> None:
    for bad in ["", "   ", "a\x00b", "bell\x07", "lone \ud800 surrogate"]:
        with pytest.raises(ValidationError):
            post(text=bad)
    with pytest.raises(ValidationError):
        post(id="has space")
    with pytest.raises(ValidationError):
        post(country="de")
    assert post(text="emoji 🙂 and RTL \u202e text\n\tok").text.startswith("emoji")


@pytest.mark.parametrize(
    ("score", "threshold", "action", "interim"),
    [
        (0.20, 0.30, Action.ALLOW, None),
        (0.35, 0.30, Action.ESCALATE, Action.REDUCE_REACH),  # over the classifier's own threshold
        (0.35, 0.40, Action.ALLOW, None),  # the same score, under another language's threshold
        (0.90, 0.30, Action.REMOVE, None),
        (0.90, 0.95, Action.REMOVE, None),  # a clear case is removed whatever the language threshold
    ],
)
def test_hate_follows_the_classifiers_threshold(score: float, threshold: float, action: Action, interim: Action | None) -> None:
    out = decide(post(), verdict(hateful=score, threshold=threshold), CURRENT)
    assert (out.action, out.interim_action) == (action, interim)
    hit = next(h for h in out.hits if h.rule_id == "TS-HATE-1")
    if action == Action.ESCALATE:
        assert hit.review == (threshold, 0.85) and hit.band_at == threshold
        assert f">= {threshold:.2f}: reduce_reach, uncertain" in out.explanation


def test_minors_under_current_terms() -> None:
    out = decide(post(audience=Audience.MINORS), verdict(hateful=0.4, threshold=0.3), CURRENT)
    assert (out.action, out.interim_action) == (Action.ESCALATE, Action.AGE_RESTRICT)


def test_without_a_verdict_the_classifier_threshold_is_never_met() -> None:
    out = decide(post(), None, CURRENT, external={"ext.banned_symbol": 0.1})
    assert out.action == Action.ALLOW and out.model_version is None


scores = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
versions = st.sampled_from([t.version for t in history().versions])


@settings(max_examples=300, deadline=None)
@given(h=scores, t=scores, a=scores, p=scores, hd=scores, bs=scores, minors=st.booleans(), strikes=st.integers(0, 5),
       warned=st.booleans(), version=versions, threshold=st.floats(min_value=0.01, max_value=0.99))  # fmt: skip
def test_engine_properties(
    h: float, t: float, a: float, p: float, hd: float, bs: float, minors: bool, strikes: int, warned: bool, version: str, threshold: float
) -> None:
    terms = history().get(version)
    external = {k: v for k, v in {"ext.holocaust_denial": hd, "ext.banned_symbol": bs}.items() if k in terms.signals}
    kwargs = dict(
        post=post(audience=Audience.MINORS if minors else Audience.GENERAL),
        verdict=verdict(hateful=h, threat=t, harassment=a, profanity=p, threshold=threshold),
        terms=terms,
        standing=AuthorStanding(active_strikes=strikes, warned=warned),
        external=external,
    )
    out = decide(**kwargs)  # type: ignore[arg-type]
    assert out == decide(**kwargs)  # type: ignore[arg-type]  # deterministic
    rule_ids = {r.id for r in terms.rules} | {terms.baseline.id}
    assert out.rule_id in rule_ids
    if out.action in RESTRICTIONS:
        hit = next(x for x in out.hits if x.rule_id == out.rule_id)
        assert hit.band_at is not None and hit.score >= hit.band_at and hit.action == out.action
        assert out.territorial_scope
        # nothing more severe was certain elsewhere
        assert all(SEVERITY[x.action] <= SEVERITY[out.action] for x in out.hits)
    if out.action == Action.ALLOW:
        assert out.rule_id == "TS-0" and not out.territorial_scope
    if out.action == Action.ESCALATE:
        assert out.strike == 0 and any(x.uncertain for x in out.hits)
    if out.account_action == AccountAction.SUSPENSION:
        assert warned  # Art. 23
