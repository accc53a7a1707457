"""Load and validate one published version of the terms of use.

The YAML files in ``policies/terms/`` are the single source of truth: the engine enforces them and
``townsquare terms publish`` renders them for people. Validation is strict (unknown keys, missing
languages, unsorted bands, overlapping review bands are all errors) because a typo in a threshold is
a wrong decision on every post that follows.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from townsquare.policy.actions import RESTRICTIONS, Action
from townsquare.policy.dsa import EEA_COUNTRIES, StatementCategory

#: Every human-readable text in the terms exists in these languages.
REQUIRED_LANGUAGES: tuple[str, ...] = ("en", "fr", "de")

#: A threshold written ``classifier`` means the classifier's own calibrated threshold for the post's
#: language (``TextVerdict.threshold``). Only ``text.hateful`` has one.
CLASSIFIER = "classifier"
Threshold = Annotated[float, Field(gt=0.0, le=1.0)] | Literal["classifier"]

RULE_ID = r"^TS-[A-Z0-9]+(-[A-Z0-9]+)*$"
SIGNAL_NAME = r"^(text|ext)\.[a-z][a-z0-9_]*$"
VERSION = r"^\d+\.\d+\.\d+$"


class TermsError(ValueError):
    """A terms file is missing, unreadable or inconsistent."""


def _check_languages(value: dict[str, str]) -> dict[str, str]:
    missing = [lang for lang in REQUIRED_LANGUAGES if not value.get(lang, "").strip()]
    if missing:
        raise ValueError(f"missing translations: {', '.join(missing)}")
    return value


class Localized(BaseModel):
    """A text in every required language (more languages are welcome)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    en: str
    fr: str
    de: str

    @model_validator(mode="after")
    def _non_empty(self) -> Localized:
        _check_languages(self.as_dict())
        return self

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if isinstance(v, str)}

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to English for languages the terms do not carry."""
        return self.as_dict().get(lang) or self.en


class Band(BaseModel):
    """From score ``at`` upwards (inclusive), the rule prescribes ``action``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    at: Threshold
    action: Action
    strike: int = Field(default=0, ge=0, le=3)

    @field_validator("action")
    @classmethod
    def _graduated(cls, v: Action) -> Action:
        if v in (Action.ALLOW, Action.ESCALATE):
            raise ValueError("a band prescribes a restriction; allow is below the bands, escalate is the review band")
        return v


class Profile(BaseModel):
    """How one rule treats one audience: graduated bands plus an uncertainty band for humans."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    bands: list[Band]
    #: ``[low, high)``: scores in here are uncertain and go to human review.
    review: tuple[Threshold, Threshold] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Profile:
        numeric = [float(b.at) for b in self.bands if b.at != CLASSIFIER]
        symbolic = [i for i, b in enumerate(self.bands) if b.at == CLASSIFIER]
        if numeric != sorted(numeric, reverse=True) or len(set(numeric)) != len(numeric):
            raise ValueError("bands must be listed from the highest score down, each at a distinct score")
        if len(symbolic) > 1 or (symbolic and symbolic[0] != len(self.bands) - 1):
            raise ValueError("a 'classifier' band must be the last (lowest) band, and there can be one only")
        if self.review is not None:
            low, high = self.review
            if high == CLASSIFIER:
                raise ValueError("the review band may start, not end, at the classifier's threshold")
            high = float(high)
            if low != CLASSIFIER and not 0.0 < float(low) < high:
                raise ValueError("review band must satisfy 0 < low < high <= 1")
            if numeric and high > numeric[0]:
                raise ValueError("the review band must end at or below the most severe band")
        return self

    @property
    def uses_classifier_threshold(self) -> bool:
        return any(b.at == CLASSIFIER for b in self.bands) or (self.review is not None and CLASSIFIER in self.review)


class Baseline(BaseModel):
    """The rule cited when a post breaks no other rule, so every decision cites a published rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=RULE_ID)]
    title: Localized
    text: Localized


class Rule(BaseModel):
    """One published rule: what it forbids, the signal it reads and what it does about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, Field(pattern=RULE_ID)]
    title: Localized
    text: Localized
    signal: Annotated[str, Field(pattern=SIGNAL_NAME)]
    ground: Literal["incompatible", "illegal"]
    #: For ``incompatible`` rules: whether the content may also be illegal (SoR field).
    may_be_illegal: bool = False
    category: StatementCategory
    specifications: list[Annotated[str, Field(pattern=r"^KEYWORD_[A-Z_]+$")]] = []
    #: Territorial rules: member state -> the law that makes the content illegal there.
    countries: dict[str, Annotated[str, Field(min_length=1, max_length=200)]] | None = None
    profiles: dict[Literal["default", "minors"], Profile]

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if "default" not in self.profiles:
            raise ValueError(f"rule {self.id}: a 'default' profile is required")
        actions = {b.action for p in self.profiles.values() for b in p.bands}
        if self.countries is not None:
            bad = sorted(set(self.countries) - set(EEA_COUNTRIES))
            if bad or not self.countries:
                raise ValueError(f"rule {self.id}: countries must be EU/EEA codes, got {bad or 'none'}")
            if actions - {Action.GEO_RESTRICT}:
                raise ValueError(f"rule {self.id}: a territorial rule may only geo_restrict")
        elif Action.GEO_RESTRICT in actions:
            raise ValueError(f"rule {self.id}: geo_restrict needs the countries where the content is illegal")
        if self.ground == "illegal" and not self.countries:
            raise ValueError(f"rule {self.id}: an illegal-content rule names the law in each country")
        if self.signal != "text.hateful" and any(p.uses_classifier_threshold for p in self.profiles.values()):
            raise ValueError(f"rule {self.id}: only text.hateful has a classifier threshold")
        return self

    def profile(self, minors: bool) -> Profile:
        """The stricter minors profile when the post is shown to minors and the rule has one."""
        if minors and "minors" in self.profiles:
            return self.profiles["minors"]
        return self.profiles["default"]


class AccountPolicy(BaseModel):
    """Strikes and suspension of repeat offenders (DSA Art. 23: suspension only after a warning)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    strike_days: int = Field(ge=1, description="how long a strike counts")
    warn_at: int = Field(ge=1, description="active strikes that trigger a warning")
    suspend_at: int = Field(ge=1, description="active strikes that trigger a suspension, once warned")
    suspension_days: int = Field(ge=1)

    @model_validator(mode="after")
    def _warn_first(self) -> AccountPolicy:
        if self.suspend_at <= self.warn_at:
            raise ValueError("suspend_at must be above warn_at: Art. 23 requires a prior warning")
        return self


class Terms(BaseModel):
    """One published version of the terms of use."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Annotated[str, Field(pattern=VERSION)]
    effective: dt.date
    previous: Annotated[str, Field(pattern=VERSION)] | None
    title: Localized
    notes: Localized
    moderation_tools: Localized
    signals: dict[Annotated[str, Field(pattern=SIGNAL_NAME)], str]
    baseline: Baseline
    accounts: AccountPolicy
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> Terms:
        ids = [self.baseline.id] + [r.id for r in self.rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate rule ids: {dupes}")
        undeclared = sorted({r.signal for r in self.rules} - set(self.signals))
        if undeclared:
            raise ValueError(f"rules read undeclared signals: {undeclared}")
        return self

    def rule(self, rule_id: str) -> Rule | Baseline:
        """The rule (or the baseline) with this id; KeyError when the version has none."""
        if rule_id == self.baseline.id:
            return self.baseline
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    @property
    def restricting_rules(self) -> list[Rule]:
        return [r for r in self.rules if any(b.action in RESTRICTIONS for p in r.profiles.values() for b in p.bands)]


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def load_terms_file(path: Path) -> Terms:
    """Parse and validate one terms file; the file name must be its version."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise TermsError(f"{path}: cannot read terms: {exc}") from exc
    if not isinstance(raw, dict):
        raise TermsError(f"{path}: a terms file is a mapping")
    try:
        terms = Terms.model_validate(raw)
    except ValidationError as exc:
        raise TermsError(f"{path}: invalid terms:\n{exc}") from exc
    if path.stem != terms.version:
        raise TermsError(f"{path}: file name must be the version ({terms.version}.yaml)")
    return terms


class TermsHistory(BaseModel):
    """Every published version, oldest first, checked to form one unbroken chain."""

    model_config = ConfigDict(frozen=True)

    versions: list[Terms]

    @model_validator(mode="after")
    def _chain(self) -> TermsHistory:
        if not self.versions:
            raise ValueError("no terms published")
        if self.versions[0].previous is not None:
            raise ValueError(f"oldest version {self.versions[0].version} must have previous: null")
        for before, after in zip(self.versions, self.versions[1:], strict=False):
            if after.previous != before.version:
                raise ValueError(f"{after.version} must name {before.version} as previous")
            if after.effective <= before.effective:
                raise ValueError(f"{after.version} must take effect after {before.version}")
        return self

    @property
    def latest(self) -> Terms:
        return self.versions[-1]

    def in_force(self, on: dt.date) -> Terms:
        """The newest version whose ``effective`` date has come: a version is published ahead of
        its date so users learn of changes before they apply (DSA Art. 14(2))."""
        eligible = [t for t in self.versions if t.effective <= on]
        if not eligible:
            raise TermsError(f"no terms in force on {on.isoformat()}")
        return eligible[-1]

    def get(self, version: str | None) -> Terms:
        """A given version, or the newest when ``version`` is None."""
        if version is None:
            return self.latest
        for t in self.versions:
            if t.version == version:
                return t
        raise TermsError(f"no published terms version {version!r}")


def load_history(directory: Path) -> TermsHistory:
    """All versions in a terms directory (``<major>.<minor>.<patch>.yaml``)."""
    paths = [p for p in directory.glob("*.yaml") if re.fullmatch(r"\d+\.\d+\.\d+", p.stem)]
    if not paths:
        raise TermsError(f"{directory}: no terms files")
    versions = sorted((load_terms_file(p) for p in paths), key=lambda t: _version_key(t.version))
    try:
        return TermsHistory(versions=versions)
    except ValidationError as exc:
        raise TermsError(f"{directory}: {exc}") from exc
