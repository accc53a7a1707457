"""Language identification for the supported languages, with lingua doing the statistical work.

The writing system settles Arabic, Devanagari and Chinese at once, which is both faster and more
reliable on short posts; lingua then only has to tell the eight Latin-script languages apart.
Romanised Hindi is the one case lingua cannot know (it models Hindi in Devanagari only); the
classifier's learned romanised-Hindi head answers that before this module is asked.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ar", "hi", "zh")
UNDETERMINED = "und"

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


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_LATIN_LANGUAGES).with_low_accuracy_mode().build()


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def dominant_script(text: str) -> str:
    """The script most letters of ``text`` are written in: LATIN, ARABIC, DEVANAGARI, CJK or ''."""
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = _script(char)
            if script in ("HIRAGANA", "KATAKANA"):
                script = "CJK"
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` among the supported languages, or ``und`` when there is no text to go on."""
    script = dominant_script(text)
    if script in _SCRIPT_LANGUAGES:
        return _SCRIPT_LANGUAGES[script]
    if script != "LATIN":
        return UNDETERMINED
    language = _detector().detect_language_of(text)
    return _LATIN_LANGUAGES[language] if language is not None else UNDETERMINED
