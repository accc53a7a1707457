"""Expand the hand-written templates in ``data/functional/<lang>.yaml`` into labelled cases.

The same expansion feeds training (``split: train``) and scoring (``split: test``); a case knows the
template it came from, so a template never lands on both sides.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from townsquare.lexicons import Lexicon, load_lexicon
from townsquare.paths import FUNCTIONAL_DIR

HATEFUL_FUNCTIONALITIES: tuple[str, ...] = (
    "derogation_explicit",
    "derogation_implicit",
    "dehumanisation",
    "threat_direct",
    "threat_normative",
    "slur",
    "hate_question_opinion",
)
NON_HATEFUL_FUNCTIONALITIES: tuple[str, ...] = (
    "profanity_nonhateful",
    "abuse_nonprotected",
    "negated_hate",
    "counter_speech",
    "reclaimed",
    "neutral_positive",
)
FUNCTIONALITIES = HATEFUL_FUNCTIONALITIES + NON_HATEFUL_FUNCTIONALITIES
CORE_GROUPS: tuple[str, ...] = (
    "women",
    "trans",
    "gay",
    "muslims",
    "jews",
    "black",
    "immigrants",
    "disabled",
)
SPLITS = ("train", "test")
LABELS = ("hateful", "not_hateful")
EXTRA_CATEGORIES = ("threat", "harassment", "profanity")

_PLACEHOLDER = re.compile(r"\{(group|target)\.(\w+)\}|\{(slur|slur_reclaimed)\}")
_CHOICE = re.compile(r"\[([^\[\]|]*)\|([^\[\]|]*)\]")


@dataclass(frozen=True)
class Template:
    id: str
    lang: str
    func: str
    label: str
    split: str
    text: str
    categories: tuple[str, ...] = ()

    @property
    def hateful(self) -> bool:
        return self.label == "hateful"


@dataclass(frozen=True)
class Case:
    """One expanded, labelled sentence."""

    text: str
    lang: str
    func: str
    hateful: bool
    split: str
    template_id: str
    group: str | None = None
    categories: tuple[str, ...] = ()
    perturbation: str | None = None


@dataclass(frozen=True)
class Filler:
    """One expansion of a placeholder: the words to insert and the grammatical gender they carry."""

    key: str
    gender: str
    forms: dict[str, str] = field(default_factory=dict)


@dataclass
class TemplateSet:
    lang: str
    groups: dict[str, Filler]
    targets: dict[str, Filler]
    templates: list[Template]
    lexicon: Lexicon

    def expand(self, split: str | None = None) -> list[Case]:
        """All cases of the requested split (both when ``None``), in file order."""
        return [c for t in self.templates if split in (None, t.split) for c in self.expand_template(t)]

    def expand_template(self, template: Template) -> list[Case]:
        match = _PLACEHOLDER.search(template.text)
        if match is None:
            return [self._case(template, template.text, None, "n")]
        kind = match.group(1) or match.group(3)
        if kind == "group":
            fillers = list(self.groups.values())
        elif kind == "target":
            fillers = list(self.targets.values())
        else:
            only_reclaimable = kind == "slur_reclaimed"
            fillers = [
                Filler(key=s.group, gender="n", forms={"": s.term})
                for s in self.lexicon.slurs
                if self._slur_fits(s.term) and (s.reclaimable or not only_reclaimable)
            ]
        cases = []
        for filler in fillers:
            text = _PLACEHOLDER.sub(functools.partial(_fill, filler=filler), template.text)
            group = filler.key if kind != "target" else None
            cases.append(self._case(template, text, group, filler.gender))
        return cases

    def _slur_fits(self, term: str) -> bool:
        """Romanised and native-script files share one lexicon: expand only slurs in the file's script."""
        return _is_latin(term) == (self.lang.endswith("_latn") or _is_latin_lang(self.lang))

    def _case(self, template: Template, text: str, group: str | None, gender: str) -> Case:
        text = _CHOICE.sub(lambda m: m.group(2) if gender == "f" else m.group(1), text)
        text = text[:1].upper() + text[1:]
        return Case(
            text=text,
            lang=self.lexicon.lang,
            func=template.func,
            hateful=template.hateful,
            split=template.split,
            template_id=template.id,
            group=group,
            categories=template.categories,
        )


def _fill(match: re.Match[str], filler: Filler) -> str:
    form = match.group(2) or ""
    try:
        return filler.forms[form]
    except KeyError:
        raise TemplateError(f"{filler.key!r} has no form {form!r}") from None


def _is_latin(term: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in term)


def _is_latin_lang(lang: str) -> bool:
    return lang not in {"ar", "hi", "zh"}


class TemplateError(ValueError):
    """A template file breaks the format described in data/functional/README.md."""


def template_languages(directory: Path = FUNCTIONAL_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))


def load_template_set(name: str, directory: Path = FUNCTIONAL_DIR) -> TemplateSet:
    """Load ``<directory>/<name>.yaml``; ``hi_latn`` shares the ``hi`` lexicon."""
    raw = yaml.safe_load((directory / f"{name}.yaml").read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise TemplateError(f"{name}.yaml: top level must be a mapping")
    lexicon = load_lexicon(name.split("_")[0])
    return TemplateSet(
        lang=name,
        groups=_fillers(raw.get("groups") or {}, f"{name}.yaml groups"),
        targets=_fillers(raw.get("targets") or {}, f"{name}.yaml targets"),
        templates=[_template(t, name) for t in raw.get("templates") or []],
        lexicon=lexicon,
    )


def _fillers(raw: dict[str, Any], where: str) -> dict[str, Filler]:
    out = {}
    for key, spec in raw.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("forms"), dict):
            raise TemplateError(f"{where}: {key!r} needs a 'forms' mapping")
        gender = str(spec.get("gender", "m"))
        if gender not in {"m", "f", "n"}:
            raise TemplateError(f"{where}: {key!r} has gender {gender!r}, expected m, f or n")
        out[key] = Filler(key=key, gender=gender, forms={str(k): str(v) for k, v in spec["forms"].items()})
    return out


def _template(raw: Any, lang: str) -> Template:
    if not isinstance(raw, dict):
        raise TemplateError(f"{lang}.yaml: every template must be a mapping, got {raw!r}")
    missing = {"id", "func", "label", "split", "text"} - raw.keys()
    if missing:
        raise TemplateError(f"{lang}.yaml: template {raw.get('id')!r} lacks {sorted(missing)}")
    template = Template(
        id=str(raw["id"]),
        lang=lang,
        func=str(raw["func"]),
        label=str(raw["label"]),
        split=str(raw["split"]),
        text=str(raw["text"]),
        categories=tuple(raw.get("categories") or ()),
    )
    if template.func not in FUNCTIONALITIES:
        raise TemplateError(f"{template.id}: unknown func {template.func!r}")
    if template.split not in SPLITS:
        raise TemplateError(f"{template.id}: split must be one of {SPLITS}")
    expected = "hateful" if template.func in HATEFUL_FUNCTIONALITIES else "not_hateful"
    if template.label != expected:
        raise TemplateError(f"{template.id}: {template.func} cases are {expected}, not {template.label}")
    unknown = set(template.categories) - set(EXTRA_CATEGORIES)
    if unknown:
        raise TemplateError(f"{template.id}: unknown categories {sorted(unknown)}")
    return template
