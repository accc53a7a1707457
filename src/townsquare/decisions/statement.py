"""Statements of reasons (DSA Art. 17) in the DSA Transparency Database's own format.

The model enforces the database's validation rules (required fields, enumerations, lengths and the
conditional fields) so an export that passes here is one the database accepts. The builder turns an
engine outcome into a statement without any personal data (Art. 24(5)): no author, no post text.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from townsquare.decisions.actions import (
    DecisionAccount,
    DecisionMonetary,
    DecisionProvision,
    DecisionVisibility,
    visibility_for,
)
from townsquare.policy.actions import RESTRICTIONS, AccountAction, Action
from townsquare.policy.dsa import EEA_COUNTRIES, StatementCategory
from townsquare.policy.engine import Outcome
from townsquare.policy.terms import Rule, Terms


class DecisionGround(StrEnum):
    ILLEGAL_CONTENT = "DECISION_GROUND_ILLEGAL_CONTENT"
    INCOMPATIBLE_CONTENT = "DECISION_GROUND_INCOMPATIBLE_CONTENT"


class ContentType(StrEnum):
    APP = "CONTENT_TYPE_APP"
    AUDIO = "CONTENT_TYPE_AUDIO"
    IMAGE = "CONTENT_TYPE_IMAGE"
    PRODUCT = "CONTENT_TYPE_PRODUCT"
    SYNTHETIC_MEDIA = "CONTENT_TYPE_SYNTHETIC_MEDIA"
    TEXT = "CONTENT_TYPE_TEXT"
    VIDEO = "CONTENT_TYPE_VIDEO"
    OTHER = "CONTENT_TYPE_OTHER"


class SourceType(StrEnum):
    ARTICLE_16 = "SOURCE_ARTICLE_16"
    TRUSTED_FLAGGER = "SOURCE_TRUSTED_FLAGGER"
    OTHER_NOTIFICATION = "SOURCE_TYPE_OTHER_NOTIFICATION"
    VOLUNTARY = "SOURCE_VOLUNTARY"


class AutomatedDecision(StrEnum):
    FULLY = "AUTOMATED_DECISION_FULLY"
    PARTIALLY = "AUTOMATED_DECISION_PARTIALLY"
    NOT_AUTOMATED = "AUTOMATED_DECISION_NOT_AUTOMATED"


class AccountType(StrEnum):
    BUSINESS = "ACCOUNT_TYPE_BUSINESS"
    PRIVATE = "ACCOUNT_TYPE_PRIVATE"


YesNo = Literal["Yes", "No"]
Short = Annotated[str, Field(min_length=1, max_length=500)]
Explanation = Annotated[str, Field(min_length=1, max_length=2000)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class StatementOfReasons(BaseModel):
    """One statement, field for field as ``POST /api/v1/statement`` takes it."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=True)

    decision_visibility: list[DecisionVisibility] | None = None
    decision_visibility_other: Short | None = None
    decision_monetary: DecisionMonetary | None = None
    decision_monetary_other: Short | None = None
    decision_provision: DecisionProvision | None = None
    decision_account: DecisionAccount | None = None
    account_type: AccountType | None = None
    decision_ground: DecisionGround
    decision_ground_reference_url: Annotated[str, Field(max_length=500)] | None = None
    illegal_content_legal_ground: Short | None = None
    illegal_content_explanation: Explanation | None = None
    incompatible_content_ground: Short | None = None
    incompatible_content_explanation: Explanation | None = None
    incompatible_content_illegal: YesNo | None = None
    content_type: list[ContentType] = Field(min_length=1)
    content_type_other: Short | None = None
    category: StatementCategory
    category_addition: list[StatementCategory] = []
    category_specification: list[Annotated[str, Field(pattern=r"^KEYWORD_[A-Z_]+$")]] = []
    category_specification_other: Short | None = None
    territorial_scope: list[Country] = []
    content_language: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    content_date: dt.date
    application_date: dt.date
    end_date_account_restriction: dt.date | None = None
    end_date_monetary_restriction: dt.date | None = None
    end_date_service_restriction: dt.date | None = None
    end_date_visibility_restriction: dt.date | None = None
    decision_facts: Annotated[str, Field(min_length=1, max_length=5000)]
    source_type: SourceType
    source_identity: Short | None = None
    automated_detection: YesNo
    automated_decision: AutomatedDecision
    puid: Annotated[str, Field(min_length=1, max_length=500, pattern=r"^[A-Za-z0-9_-]+$")]

    @model_validator(mode="after")
    def _database_rules(self) -> StatementOfReasons:
        if not (self.decision_visibility or self.decision_monetary or self.decision_provision or self.decision_account):
            raise ValueError("a statement needs at least one restriction (visibility, monetary, provision or account)")
        others = [
            ("decision_visibility_other", DecisionVisibility.OTHER in (self.decision_visibility or [])),
            ("decision_monetary_other", self.decision_monetary == DecisionMonetary.OTHER),
            ("content_type_other", ContentType.OTHER in self.content_type),
        ]
        for field, needed in others:
            if needed and not getattr(self, field):
                raise ValueError(f"{field} is required when the *_OTHER value is chosen")
        if self.decision_ground == DecisionGround.ILLEGAL_CONTENT:
            if not (self.illegal_content_legal_ground and self.illegal_content_explanation):
                raise ValueError("illegal content needs illegal_content_legal_ground and illegal_content_explanation")
        else:
            if not (self.incompatible_content_ground and self.incompatible_content_explanation and self.incompatible_content_illegal):
                raise ValueError(
                    "incompatible content needs incompatible_content_ground, _explanation and _illegal"
                )
        if self.source_type == SourceType.VOLUNTARY and self.source_identity is not None:
            raise ValueError("source_identity must be left out for own-initiative decisions")
        unknown = sorted(set(self.territorial_scope) - set(EEA_COUNTRIES))
        if unknown:
            raise ValueError(f"territorial_scope has non-EU/EEA codes: {unknown}")
        if self.application_date < self.content_date:
            raise ValueError("application_date cannot precede content_date")
        return self

    def to_api(self) -> dict[str, object]:
        """The JSON body for the database's API: absent fields are left out, dates as YYYY-MM-DD."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=False)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _facts(outcome: Outcome, rule: Rule, applied: Action, reviewed: bool) -> str:
    """What happened, in terms that hold no personal data: scores, thresholds, rule and version."""
    hit = next(h for h in outcome.hits if h.rule_id == rule.id)
    how = "a human moderator confirmed" if reviewed else "an automated system decided"
    threshold = f"the threshold of {hit.band_at:.2f}" if hit.band_at is not None else "no threshold"
    facts = (
        f"The post was assessed under rule {rule.id} ({rule.title.en}) of the Townsquare Terms of Use, "
        f"version {outcome.terms_version}. The signal {hit.signal} scored {hit.score:.3f}, which meets "
        f"{threshold} for the action '{applied.value}' in the {hit.profile} profile; {how}. "
        f"Decision trace: {outcome.explanation}"
    )
    if outcome.model_version:
        facts += f" Classifier version: {outcome.model_version}."
    return _truncate(facts, 5000)


def build_statement(
    *,
    puid: str,
    outcome: Outcome,
    terms: Terms,
    content_date: dt.date,
    application_date: dt.date,
    content_lang: str | None,
    has_images: bool,
    reviewed_by_human: bool = False,
    applied_action: Action | None = None,
    terms_url: str | None = None,
) -> StatementOfReasons | None:
    """The statement for a decision, or None when nothing was restricted (no statement is due).

    ``applied_action`` overrides the outcome's action (a moderator's final action after review);
    otherwise the outcome's action applies, or its interim action while in review. ``terms_url``
    is where the terms are published; the statement then links to the rule it applied.
    """
    action = applied_action or (outcome.interim_action if outcome.action == Action.ESCALATE else outcome.action)
    suspended = outcome.account_action == AccountAction.SUSPENSION
    if action is None or (action not in RESTRICTIONS and not suspended):
        return None
    rule = terms.rule(_restricting_rule(outcome, action))
    if not isinstance(rule, Rule):
        raise ValueError(f"decision {puid} restricts under the baseline rule {rule.id}")
    visibility = visibility_for(action)
    common: dict[str, object] = {
        "decision_visibility": [visibility] if visibility else None,
        "decision_account": DecisionAccount.SUSPENDED if suspended else None,
        "end_date_account_restriction": (
            application_date + dt.timedelta(days=outcome.suspension_days) if suspended and outcome.suspension_days else None
        ),
        "content_type": [ContentType.TEXT] + ([ContentType.IMAGE] if has_images else []),
        "category": rule.category,
        "category_specification": list(rule.specifications),
        "territorial_scope": outcome.territorial_scope,
        "content_language": _language(content_lang),
        "content_date": content_date,
        "application_date": application_date,
        "decision_facts": _facts(outcome, rule, action, reviewed_by_human),
        "source_type": SourceType.VOLUNTARY,
        "automated_detection": "Yes",
        "automated_decision": AutomatedDecision.PARTIALLY if reviewed_by_human else AutomatedDecision.FULLY,
        "puid": puid,
        "decision_ground_reference_url": f"{terms_url.rstrip('/')}/{outcome.terms_version}#{rule.id}" if terms_url else None,
    }
    explanation = _truncate(f"{rule.text.en} {_restriction_sentence(action, outcome.territorial_scope)}", 2000)
    if rule.ground == "illegal":
        assert rule.countries is not None  # enforced by the terms model
        grounds = "; ".join(f"{c}: {law}" for c, law in sorted(rule.countries.items()) if c in outcome.territorial_scope)
        return StatementOfReasons(
            decision_ground=DecisionGround.ILLEGAL_CONTENT,
            illegal_content_legal_ground=_truncate(grounds or "; ".join(rule.countries.values()), 500),
            illegal_content_explanation=explanation,
            **common,  # type: ignore[arg-type]
        )
    return StatementOfReasons(
        decision_ground=DecisionGround.INCOMPATIBLE_CONTENT,
        incompatible_content_ground=_truncate(
            f"Townsquare Terms of Use {outcome.terms_version}, rule {rule.id}: {rule.title.en}", 500
        ),
        incompatible_content_explanation=explanation,
        incompatible_content_illegal="Yes" if rule.may_be_illegal else "No",
        **common,  # type: ignore[arg-type]
    )


def _language(lang: str | None) -> str | None:
    """ISO 639-1, upper-case as the database lists it; left out when unknown (e.g. ``und``)."""
    if lang and len(lang) == 2 and lang.isascii() and lang.isalpha():
        return lang.upper()
    return None


def _restricting_rule(outcome: Outcome, action: Action) -> str:
    """The rule that prescribed the applied action (the first listed, as the engine chose it)."""
    for hit in outcome.hits:
        if hit.action == action:
            return hit.rule_id
    return outcome.rule_id


def _restriction_sentence(action: Action, scope: list[str]) -> str:
    where = "in " + ", ".join(scope) if scope and len(scope) < len(EEA_COUNTRIES) else "in the EU/EEA"
    return {
        Action.LABEL: "The post was labelled with a warning.",
        Action.REDUCE_REACH: "The post's visibility was reduced: it is no longer recommended.",
        Action.AGE_RESTRICT: "The post is no longer shown to users under 18.",
        Action.GEO_RESTRICT: f"Access to the post was disabled {where} only.",
        Action.REMOVE: "The post was removed.",
    }.get(action, "The author's account was suspended.")
