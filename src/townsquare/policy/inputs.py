"""What the engine decides on: the post, the author's standing and the external signals.

These are plain values with no I/O. The API validates untrusted input into them; the store derives
:class:`AuthorStanding` from past decisions.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from townsquare.policy.actions import Audience

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _clean_text(value: str) -> str:
    """Refuse what no store can hold faithfully: NUL and other C0 controls, lone surrogates."""
    if _SURROGATE.search(value):
        raise ValueError("text contains a lone UTF-16 surrogate (not valid Unicode)")
    if _CONTROL.search(value):
        raise ValueError("text contains control characters")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_string(value: object) -> object:
    """Timestamps arrive as RFC 3339 strings; numbers (epoch guesses) are refused, not interpreted."""
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise ValueError("give the time as an RFC 3339 string with a UTC offset")
    return value


def _date_string(value: object) -> object:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError("give the date as YYYY-MM-DD")
    return value


#: An aware datetime, given as an RFC 3339 string (never an epoch number).
Timestamp = Annotated[AwareDatetime, BeforeValidator(_iso_string)]
#: A calendar date, given as YYYY-MM-DD.
DateString = Annotated[dt.date, BeforeValidator(_date_string)]
Identifier = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[\x21-\x7e]+$")]
_ALLOWED = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
#: The validators' rule for the published JSON schema (clients and fuzzers read it). Lone
#: surrogates are left out: no JSON Schema regex engine can name them, and valid JSON text has none.
TEXT_PATTERN = rf"^{_ALLOWED}*[^\s\x00-\x08\x0b\x0c\x0e-\x1f\x7f]{_ALLOWED}*$"
PostText = Annotated[
    str,
    Field(min_length=1, json_schema_extra={"pattern": TEXT_PATTERN}),
    AfterValidator(_clean_text),
    AfterValidator(_not_blank),
]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
ImageRef = Annotated[str, Field(min_length=1, max_length=500, pattern=r"^[\x21-\x7e]+$")]
SignalScore = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False, strict=True)]


class Post(BaseModel):
    """One post as the platform submits it. ``id`` is the platform's own, and the idempotency key."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Identifier
    author: Identifier
    text: PostText
    lang: LanguageCode | None = Field(default=None, description="ISO 639-1; detected when absent")
    country: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-2 of the author")
    audience: Audience = Audience.GENERAL
    image_refs: list[ImageRef] = Field(default_factory=list, max_length=16)
    created_at: Timestamp | None = Field(default=None, description="when the post was published (RFC 3339, with offset)")


class AuthorStanding(BaseModel):
    """The author's record at decision time; the store computes it, the engine only reads it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    active_strikes: int = Field(default=0, ge=0)
    warned: bool = False
