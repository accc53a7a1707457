"""The shapes that cross layer boundaries.

Signals produce a :class:`TextVerdict`; policy consumes it. Keeping these in one place is what lets
the classifier, the decision engine, the store and the API evolve independently.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Category(StrEnum):
    """Harm categories every text verdict scores. ``hate`` is the protected-group attack."""

    HATE = "hate"
    HARASSMENT = "harassment"
    THREAT = "threat"
    PROFANITY = "profanity"


class ProtectedCharacteristic(StrEnum):
    """The characteristics whose targeting turns abuse into hate speech."""

    RACE = "race"
    ETHNICITY = "ethnicity"
    NATIONAL_ORIGIN = "national_origin"
    RELIGION = "religion"
    GENDER = "gender"
    SEXUAL_ORIENTATION = "sexual_orientation"
    DISABILITY = "disability"


class Evidence(BaseModel):
    """A span of the *original* text (code-point offsets) that drove the result."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    signal: str = Field(description="what found it: 'model', 'slur', 'identity', 'negation', ...")
    weight: float = 0.0


class Target(BaseModel):
    """Who a text is about: a protected group (with its characteristic) or nobody protected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    group: str = Field(description="stable group id, e.g. 'muslims', 'women'")
    characteristic: ProtectedCharacteristic


class Context(BaseModel):
    """Framing cues found around the text's claims; they explain why a mention is not an attack."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    negated: bool = False
    quoted: bool = False
    reported: bool = False
    counter_speech: bool = False
    in_group: bool = False


class TextVerdict(BaseModel):
    """What the text classifier says about one post. This is the stable ``classify`` contract."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    lang: str = Field(description="ISO 639-1 code, given or detected")
    lang_detected: bool = Field(description="true when townsquare identified the language itself")
    hateful: bool = Field(description="attacks people for a protected characteristic, at the threshold")
    score: float = Field(ge=0.0, le=1.0, description="calibrated probability that the text is hateful")
    threshold: float = Field(ge=0.0, le=1.0)
    categories: dict[Category, float]
    target: Target | None = None
    context: Context = Context()
    evidence: list[Evidence] = []
    model_version: str
