"""Who a post is about and how it frames its words: the layer that tells an attack from a mention.

A bag of n-grams cannot see that "muslims are not vermin" or "calling muslims vermin is disgusting"
reject hate. This layer finds, per language and from the lexicon files the project writes, the
protected groups named, slurs, negation, quotation, reported speech, counter-speech and in-group
markers. They become explicit features (and their interactions with a named group or slur), so the
model *learns* from data how much each frame matters instead of following hand-set rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import ahocorasick
import numpy as np

from townsquare.core.types import Context, Target
from townsquare.lexicons import CUE_KINDS, EVALUATION_KINDS, Lexicon, lexicon_languages, load_lexicon
from townsquare.signals.text_classifier.features import FeatureConfig
from townsquare.text.normalize import normalize
from townsquare.text.variants import MIN_CHARS, disguises, is_word_char, starts_in_latin

_QUOTED = re.compile(r"[\"“”„«»「」『』‘’‹›]([^\"“”„«»「」『』‘’‹›]{6,})[\"“”„«»「」『』‘’‹›]")
_NO_SPACE_LANGS = frozenset({"zh"})
_CLAUSE_BREAK = re.compile(r"[,.;:!?|。，；：！？、،؛؟।]")
_QUESTION_MARKS = ("?", "？", "؟")
_ANSWER_GAP_MAX = 3
"""Spaces and punctuation allowed between a question mark and the negation that answers it ("Vermin? — No.")."""
_ANSWER_TAIL_MAX = 12
"""Characters an answering negation may be followed by in its clause ("Jamais de la vie.")."""
_PREFIX_MATCH_MIN = 4
_TARGET_KINDS = ("identity", "slur")
_DISGUISED_KINDS = {**dict.fromkeys(_TARGET_KINDS, True), "dehumanising": False, "violence": False}
"""Kinds also matched through disguised spellings, the words obfuscated hate hides most, and whether spacing
tricks count too ("immig rants"): for attack words only swapped letters do ("vemrin"), since a space put into
one often makes an everyday phrase (Spanish "quemé", burnt: "que me", in one Spanish post in thirty)."""
_GROUP_ENDING_MAX = 3
"""A group term or slur takes an inflection (muslim-s, frau-en, żyd-ów), not a longer word: trans-porte."""
_GLUE_MAX = 3
"""A long group term or slur glued to a short word before it ("formuslims", "lesjuifs") lost a space; glued
to a longer one (monte-negro) it is part of another word."""
_MASK_PREFIX_MIN = 6
"""Masking looks at every language's terms at once, so it lets only longer terms take an ending."""

ATTACK_KINDS: frozenset[str] = frozenset(EVALUATION_KINDS) - {"positive"}
NEGATION_SCOPE_CHARS = 30
"""A negation this close before an attack word, in the same clause, denies it ("are not vermin", "never said
that they are vermin"); after it too in languages whose lexicon says ``negation_follows``. On the train
templates a wider scope fires on more negated hate and still on hardly any hate (1%)."""
NEGATION_SCOPE_CHARS_UNSPACED = 8
"""The same for Chinese, where a word is one or two characters: room for a group's name between them
("没说过跨性别者恶心")."""

BASE_FEATURES: tuple[str, ...] = (
    "target", "slur", "slur_reclaimable", *CUE_KINDS, "attack", "several_attacks", "negated_attack", "negated_positive",
    "target_attack_clause", "quoted", "question",
)
INTERACTIONS: tuple[tuple[str, str], ...] = (
    ("target", "negation"),
    ("target", "counter_speech"),
    ("target", "reporting"),
    ("target", "quoted"),
    ("target", "in_group"),
    ("target", "question"),
    ("slur", "in_group"),
    ("slur", "negation"),
    ("slur", "counter_speech"),
    ("slur", "reporting"),
    ("slur", "quoted"),
    ("slur_reclaimable", "in_group"),
    ("profanity", "target"),
    ("negation", "counter_speech"),
    ("target", "attack"),
    ("target", "negative"),
    ("target", "dehumanising"),
    ("target", "violence"),
    ("target", "exclusion"),
    ("target", "positive"),
    ("target", "negated_attack"),
    ("attack", "positive"),
    ("attack", "counter_speech"),
    ("attack", "reporting"),
    ("attack", "quoted"),
    ("attack", "question"),
    ("positive", "negation"),
    ("target", "negated_positive"),
    ("target_attack_clause", "negated_attack"),
    ("target_attack_clause", "counter_speech"),
    ("target_attack_clause", "reporting"),
)
FEATURE_NAMES: tuple[str, ...] = BASE_FEATURES + tuple(f"{a}&{b}" for a, b in INTERACTIONS)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    kind: str
    """``identity``, ``slur`` or a cue kind (``negation``, ``counter_speech``, ...)."""
    group: str | None = None
    reclaimable: bool = False
    disguised: bool = False
    """Matched through a disguised spelling ("mulsims"), which must be a word of its own."""


@dataclass
class Findings:
    hits: list[Hit] = field(default_factory=list)
    quoted: bool = False
    question: bool = False
    negated_attack: bool = False
    negated_positive: bool = False
    target_attack_clause: bool = False

    def flags(self) -> dict[str, bool]:
        kinds = {h.kind for h in self.hits}
        flags = {kind: kind in kinds for kind in CUE_KINDS}
        flags["target"] = "identity" in kinds or "slur" in kinds
        flags["slur"] = "slur" in kinds
        flags["slur_reclaimable"] = any(h.kind == "slur" and h.reclaimable for h in self.hits)
        flags["attack"] = bool(kinds & ATTACK_KINDS)
        flags["several_attacks"] = sum(h.kind in ATTACK_KINDS for h in self.hits) >= 2
        flags["negated_attack"] = self.negated_attack
        flags["negated_positive"] = self.negated_positive
        flags["target_attack_clause"] = self.target_attack_clause
        flags["quoted"] = self.quoted
        flags["question"] = self.question
        return flags

    def vector(self) -> np.ndarray:
        flags = self.flags()
        values = [flags[name] for name in BASE_FEATURES] + [flags[a] and flags[b] for a, b in INTERACTIONS]
        return np.asarray(values, dtype=np.float32)

    def target(self, lexicon: Lexicon) -> Target | None:
        """The group attacked: a slur's group first, else the group named most often."""
        for hit in self.hits:
            if hit.kind == "slur" and hit.group in lexicon.groups:
                return Target(group=hit.group, characteristic=lexicon.groups[hit.group].characteristic)
        counts: dict[str, int] = {}
        for hit in self.hits:
            if hit.kind == "identity" and hit.group:
                counts[hit.group] = counts.get(hit.group, 0) + 1
        if not counts:
            return None
        group = max(counts, key=counts.__getitem__)
        return Target(group=group, characteristic=lexicon.groups[group].characteristic)

    def context(self) -> Context:
        flags = self.flags()
        return Context(
            negated=flags["negation"],
            quoted=flags["quoted"],
            reported=flags["reporting"],
            counter_speech=flags["counter_speech"],
            in_group=flags["in_group"],
        )


class ContextAnalyzer:
    """Finds lexicon entries in normalised text with one Aho-Corasick pass per post."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._spaced = lexicon.lang not in _NO_SPACE_LANGS
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[Hit]] = {}
        for group in lexicon.groups.values():
            for term in group.terms:
                entries.setdefault(normalize(term), []).append(Hit(0, 0, "identity", group.id))
        for slur in lexicon.slurs:
            for form in dict.fromkeys((slur.term, *slur.forms)):
                entries.setdefault(normalize(form), []).append(Hit(0, 0, "slur", slur.group, slur.reclaimable))
        for kind in CUE_KINDS:
            for cue in lexicon.cues[kind]:
                entries.setdefault(normalize(cue), []).append(Hit(0, 0, kind))
        disguised: dict[str, list[Hit]] = {}
        for term, hits in entries.items():
            for hit in hits:
                if hit.kind in _DISGUISED_KINDS:
                    for variant in disguises(term, spacing=_DISGUISED_KINDS[hit.kind]):
                        disguised.setdefault(variant, []).append(replace(hit, disguised=True))
        entries = {**disguised, **entries}
        for term, hits in entries.items():
            if term:
                self._automaton.add_word(term, (len(term), tuple(hits)))
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries

    def analyze(self, text: str) -> Findings:
        """``text`` must already be normalised (what every signal reads)."""
        findings = Findings(quoted=bool(_QUOTED.search(text)), question=any(mark in text for mark in _QUESTION_MARKS))
        if self._empty:
            return findings
        for end_index, (length, hits) in self._automaton.iter(text):
            start, end = end_index - length + 1, end_index + 1
            # A disguised spelling's ending is judged by _whole_disguise; a key's hits are all disguised or none.
            if self._spaced and not hits[0].disguised and not self._ends_well(text, start, end):
                continue
            glued = start - _word_start(text, start) if self._spaced else 0
            ending = _word_end(text, end) - end if self._spaced else 0
            findings.hits.extend(
                Hit(start, end, h.kind, h.group, h.reclaimable, h.disguised)
                for h in hits if _fits(h, text[start:end], glued, ending)
            )
        targets = [h for h in findings.hits if h.kind in _TARGET_KINDS]
        if targets:
            findings.hits = [h for h in findings.hits if h.kind in _TARGET_KINDS or not _inside(h, targets)]
        attacks = [h for h in findings.hits if h.kind in ATTACK_KINDS]
        negations = [h for h in findings.hits if h.kind == "negation"]
        findings.negated_attack = self._negates(text, negations, attacks) or _answered_no(text, negations, attacks)
        praise = [h for h in findings.hits if h.kind == "positive"]
        findings.negated_positive = self._negates(text, negations, praise)
        findings.target_attack_clause = any(_same_clause(text, t, a) for t in targets for a in attacks)
        return findings

    def _negates(self, text: str, negations: list[Hit], words: list[Hit]) -> bool:
        """A negation next to one of ``words`` in the same clause: before it, or on either side where the language
        says its negation follows (Hindi "परजीवी नहीं हैं", yet also "कभी नहीं मानूँगा कि ... परजीवी हैं")."""
        scope = NEGATION_SCOPE_CHARS if self._spaced else NEGATION_SCOPE_CHARS_UNSPACED
        for word in words:
            for negation in negations:
                orders = ((negation, word), (word, negation)) if self.lexicon.negation_follows else ((negation, word),)
                if any(0 <= second.start - first.end <= scope and _same_clause(text, first, second)
                       for first, second in orders):
                    return True
        return False

    @staticmethod
    def _ends_well(text: str, start: int, end: int) -> bool:
        """At a word's end, except that a long last word may take an inflectional ending (muslim -> muslims).

        The last word itself must be long: "go back to" must not match "go back today", nor "i'm a" "i'm afraid".
        """
        if end < len(text) and is_word_char(text[end]):
            last_word = text[start:end].rsplit(None, 1)[-1] if text[start:end].strip() else ""
            return len(last_word) >= _PREFIX_MATCH_MIN
        return True


def _fits(hit: Hit, matched: str, glued: int, ending: int) -> bool:
    """Whether ``matched``, with ``glued`` word characters before it and ``ending`` after it, counts as ``hit``:
    cues start a word; group terms and slurs may also have lost the space before them and take an ending, except
    a disguised spelling (see ``_whole_disguise``)."""
    if hit.disguised and not _whole_disguise(matched, glued, ending):
        return False
    if hit.kind not in _TARGET_KINDS:
        return glued == 0
    return ending <= _GROUP_ENDING_MAX and (glued == 0 or (len(matched) >= MIN_CHARS and glued <= _GLUE_MAX))


def _whole_disguise(matched: str, glued: int, ending: int) -> bool:
    """A disguised spelling is a word of its own, nothing glued before it: "quere" (queer, two letters swapped) is
    not in "queremos", nor "toria" (troia) in "storia". Outside the Latin script a long stem keeps its inflection
    behind a disguise, as it does undisguised: Arabic "المت حولين" is المتحول (transgender) split, plus the plural
    ين. In Latin letters a disguised stem and an ending spell everyday words: Spanish "que eres" (you are) would be
    German "queere" split, plus s, in 382 of 170,704 corpus posts; in Arabic and Devanagari posts two matches
    changed, both misspelt groups (المسحيين, मुस्लमानों)."""
    return not glued and (ending == 0 or (
        len(matched) >= _MASK_PREFIX_MIN and not starts_in_latin(matched) and ending <= _GROUP_ENDING_MAX
    ))


def _inside(hit: Hit, spans: list[Hit]) -> bool:
    """Whether ``hit`` lies within one of ``spans``: the "no" of "no binario" and the "sin" of "sin papeles" are
    part of a group's name, not a negation."""
    return any(span.start <= hit.start and hit.end <= span.end for span in spans)


def _answered_no(text: str, negations: list[Hit], attacks: list[Hit]) -> bool:
    """An attack asked as a question and answered by a short negation: "Exterminate them? Never." denies it;
    "Vermin? No surprise there." does not, as the answer goes on past its negation."""
    for attack in attacks:
        asked = _CLAUSE_BREAK.search(text, attack.end)
        if asked is None or asked.group() not in _QUESTION_MARKS:
            continue
        following = _CLAUSE_BREAK.search(text, asked.end())
        answer_end = following.start() if following else len(text)
        for negation in negations:
            gap = text[asked.end() : negation.start]
            if (negation.start >= asked.end() and len(gap) <= _ANSWER_GAP_MAX and not any(c.isalnum() for c in gap)
                    and answer_end - negation.end <= _ANSWER_TAIL_MAX):
                return True
    return False


def _word_start(text: str, start: int) -> int:
    while start > 0 and is_word_char(text[start - 1]):
        start -= 1
    return start


def _word_end(text: str, end: int) -> int:
    """Where the word that a match ending at ``end`` lies in ends: a stem entry matches "muslim|s"."""
    while end < len(text) and is_word_char(text[end]):
        end += 1
    return end


def _same_clause(text: str, a: Hit, b: Hit) -> bool:
    first, second = (a, b) if a.start <= b.start else (b, a)
    return not _CLAUSE_BREAK.search(text, first.end, max(first.end, second.start))


class IdentityMasker:
    """Replaces every protected group named, in any supported language, by a placeholder per characteristic.

    Corpora mention groups mostly when attacking them, so a model reading "muslims" learns that the
    word itself is hateful and flags "muslims are wonderful neighbours". With the group masked, the
    n-grams can only learn what is *said*; who is named stays known through the context features.
    Language-independent on purpose: it runs before the language is known, in one pass.
    """

    def __init__(self, lexicons: list[Lexicon]) -> None:
        self._automaton = ahocorasick.Automaton()
        placeholders: dict[str, str] = {}
        for lexicon in lexicons:
            for group in lexicon.groups.values():
                for term in group.terms:
                    placeholders[normalize(term)] = f"⟨{group.characteristic.value}⟩"
        disguised = {variant: placeholder for term, placeholder in placeholders.items() for variant in disguises(term)}
        for key, placeholder in placeholders.items():
            if key:
                self._automaton.add_word(key, (len(key), placeholder, False))
        for key, placeholder in disguised.items():
            if key not in placeholders:
                self._automaton.add_word(key, (len(key), placeholder, True))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def mask(self, text: str) -> str:
        if self._empty:
            return text
        spans: list[tuple[int, int, str]] = []
        for end_index, (length, placeholder, disguised) in self._automaton.iter(text):
            start, end = end_index - length + 1, end_index + 1
            glued = start - _word_start(text, start)
            if disguised and not _is_cjk(text[start]) and not _whole_disguise(
                text[start:end], glued, _word_end(text, end) - end
            ):
                continue
            if glued and not _is_cjk(text[start]) and (length < MIN_CHARS or glued > _GLUE_MAX):
                continue
            if end < len(text) and is_word_char(text[end]) and not _is_cjk(text[end - 1]):
                if length < _MASK_PREFIX_MIN:
                    continue
                end = _word_end(text, end)
            spans.append((start, end, placeholder))
        if not spans:
            return text
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        pieces, cursor = [], 0
        for start, end, placeholder in spans:
            if start >= cursor:
                pieces += [text[cursor:start], placeholder]
                cursor = end
        pieces.append(text[cursor:])
        return "".join(pieces)


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


@lru_cache(maxsize=1)
def identity_masker() -> IdentityMasker:
    return IdentityMasker([load_lexicon(lang) for lang in lexicon_languages()])


def masked(texts: list[str], config: FeatureConfig) -> list[str]:
    """What the n-gram features read: the normalised texts, with named groups masked if the model says so."""
    if not config.mask_identities:
        return texts
    masker = identity_masker()
    return [masker.mask(t) for t in texts]


@cache
def analyzer_for(lang: str) -> ContextAnalyzer:
    """The analyser of a language's lexicon; English stands in where a language has none."""
    base = lang.split("_")[0]
    available = lexicon_languages()
    return ContextAnalyzer(load_lexicon(base if base in available else "en"))
