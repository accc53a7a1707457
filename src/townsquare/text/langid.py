"""Language identification for the supported languages, with lingua doing the statistical work.

The writing system settles Arabic, Devanagari and Chinese at once, which is both faster and more
reliable on short posts; lingua then only has to tell the eight Latin-script languages apart.
Romanised Hindi is the one case lingua cannot know (it models Hindi in Devanagari only); the
classifier's learned romanised-Hindi head answers that before this module is asked.

lingua runs in its full mode (1- to 5-grams). Its fast mode (trigrams only) costs half as much but
confuses close pairs on short posts (Spanish read as Portuguese, German as Dutch) and misspelt ones: asking
the full mode again only where the fast one hesitated still left the wrong language on 20% of the corpus
posts that reached lingua, against 13% for the full mode alone. Those are the hard posts, because the
classifier's language head answers the easy ones (most of them) before lingua is asked.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ar", "hi", "zh")
UNDETERMINED = "und"
LINGUA_PREFIX = 100
SCRIPT_SAMPLE = 200

_LATIN_LANGUAGES = {
    Language.ENGLISH: "en",
    Language.FRENCH: "fr",
    Language.GERMAN: "de",
    Language.SPANISH: "es",
    Language.ITALIAN: "it",
    Language.PORTUGUESE: "pt",
    Language.DUTCH: "nl",
    Language.POLISH: "pl",
}
_SCRIPT_LANGUAGES = {"ARABIC": "ar", "DEVANAGARI": "hi", "CJK": "zh"}
LATIN_END = "\u0250"
"""Every letter below this code point is Latin (accents, ł, ß, œ...): most European posts never need a lookup."""


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_LATIN_LANGUAGES).build()


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def dominant_script(text: str) -> str:
    """The script most letters of ``text`` are written in: LATIN, ARABIC, DEVANAGARI, CJK or ''."""
    sample = text[:SCRIPT_SAMPLE]
    if sample.isascii() or max(sample) < LATIN_END:
        return "LATIN" if any(c.isalpha() for c in sample) else ""
    counts: dict[str, int] = {}
    for char in sample:
        if char.isalpha():
            script = _script(char)
            if script in ("HIRAGANA", "KATAKANA"):
                script = "CJK"
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


def language_of_script(script: str) -> str:
    """The language a non-Latin script settles on its own, or ``und``."""
    return _SCRIPT_LANGUAGES.get(script, UNDETERMINED)


def writing_variety(lang: str, text: str) -> str:
    """``lang``, or ``<lang>-Latn`` for a language of another script written in Latin letters.

    Romanised Hindi is spelled freely and mixed with English, so its scores sit apart from those of
    Devanagari Hindi and it needs a threshold of its own.
    """
    if lang in _SCRIPT_LANGUAGES.values() and dominant_script(text) == "LATIN":
        return f"{lang}-Latn"
    return lang


def detect_latin_languages(texts: list[str]) -> list[str]:
    """lingua over Latin-script texts in one call; the first characters carry the language well enough."""
    if not texts:
        return []
    found = _detector().detect_languages_in_parallel_of([t[:LINGUA_PREFIX] for t in texts])
    return [_LATIN_LANGUAGES[lang] if lang is not None else UNDETERMINED for lang in found]


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` among the supported languages, or ``und`` when there is no text to go on."""
    script = dominant_script(text)
    return detect_latin_languages([text])[0] if script == "LATIN" else language_of_script(script)
