"""Per-language word lists the project writes itself: identity terms, slurs and framing cues.

They are data, not code, so a language is added or corrected by editing ``data/<lang>.yaml``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from townsquare.core.types import ProtectedCharacteristic

FRAMING_KINDS: tuple[str, ...] = ("negation", "counter_speech", "reporting", "in_group", "profanity")
"""How a post frames what it says: denied, denounced, reported, said from inside, sworn."""
EVALUATION_KINDS: tuple[str, ...] = ("negative", "dehumanising", "violence", "exclusion", "positive")
"""What a post says about whom it names: contempt, a dehumanising metaphor, harm, exclusion, or praise.

A bag of n-grams learns the sentence frames of its training posts; these words let the model read
the polarity of an unseen sentence ("X are the most helpful people" vs "X are the most useless")."""
CUE_KINDS: tuple[str, ...] = FRAMING_KINDS + EVALUATION_KINDS


@dataclass(frozen=True)
class Group:
    id: str
    characteristic: ProtectedCharacteristic
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Slur:
    term: str
    group: str
    reclaimable: bool
    forms: tuple[str, ...] = ()
    """Other inflections detected as the same slur ("zingari" for "zingaro"); templates expand ``term`` only."""


@dataclass(frozen=True)
class Lexicon:
    lang: str
    groups: dict[str, Group]
    slurs: tuple[Slur, ...]
    cues: dict[str, tuple[str, ...]]
    negation_follows: bool = False
    """The negation usually follows what it denies, as in Hindi "परजीवी नहीं हैं" (not parasites)."""


class LexiconError(ValueError):
    """A lexicon file breaks the format described in data/functional/README.md."""


def lexicon_languages() -> list[str]:
    folder = resources.files(__package__) / "data"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def lexicon_digest() -> str:
    """A hash of every lexicon file: a model's context features mean what the lexicons said when it was trained."""
    digest = hashlib.sha256()
    folder = resources.files(__package__) / "data"
    for lang in lexicon_languages():
        digest.update(lang.encode("utf-8") + b"\0" + (folder / f"{lang}.yaml").read_bytes())
    return digest.hexdigest()[:16]


@cache
def load_lexicon(lang: str) -> Lexicon:
    path = resources.files(__package__) / "data" / f"{lang}.yaml"
    return parse_lexicon(lang, path.read_text(encoding="utf-8"))


def parse_lexicon(lang: str, text: str) -> Lexicon:
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise LexiconError(f"{lang}.yaml: top level must be a mapping")
    groups = {}
    for gid, spec in (raw.get("groups") or {}).items():
        try:
            characteristic = ProtectedCharacteristic(spec["characteristic"])
        except (KeyError, TypeError, ValueError) as exc:
            raise LexiconError(f"{lang}.yaml: group {gid!r} needs a valid characteristic") from exc
        groups[gid] = Group(gid, characteristic, tuple(_term(lang, t) for t in spec.get("terms") or ()))
    slurs = []
    for spec in raw.get("slurs") or ():
        if spec.get("group") not in groups:
            raise LexiconError(f"{lang}.yaml: slur {spec.get('term')!r} names unknown group {spec.get('group')!r}")
        forms = tuple(_term(lang, f) for f in spec.get("forms") or ())
        slurs.append(Slur(_term(lang, spec["term"]), spec["group"], bool(spec.get("reclaimable", False)), forms))
    cues = {kind: tuple(_term(lang, c) for c in raw.get(kind) or ()) for kind in CUE_KINDS}
    return Lexicon(lang=lang, groups=groups, slurs=tuple(slurs), cues=cues,
                   negation_follows=bool(raw.get("negation_follows", False)))


def _term(lang: str, term: object) -> str:
    """A term, lower-cased; YAML reads a bare ``no``, ``on`` or ``null`` as a boolean or nothing, so refuse those."""
    if not isinstance(term, str):
        raise LexiconError(f"{lang}.yaml: {term!r} is not a string; quote it")
    return term.strip().lower()
