"""Obfuscated hate: the hateful test cases rewritten with the spelling tricks used to dodge filters.

Generated, not hand-written, so every language gets every trick its script allows, and the cases are
derived only from ``test`` templates, never from anything trained on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from townsquare.functional.templates import Case

SOURCE_FUNCTIONALITIES = ("derogation_explicit", "dehumanisation", "slur", "threat_direct", "threat_normative")
OBFUSCATED = "obfuscated"

_LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"})
_HOMOGLYPHS = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "y": "у"})
_WORD = re.compile(r"\w+")
_ZERO_WIDTH = "\u200b"


def _emoji_letters(word: str) -> str:
    return "".join(chr(0x1F1E6 + ord(ch) - ord("a")) + " " if "a" <= ch <= "z" else ch for ch in word.lower()).strip()


def _inner(word: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to all but the first letter, which keeps the word recognisable to a reader."""
    return word[:1] + fn(word[1:]) if len(word) > 2 else word


def _swap(word: str) -> str:
    if len(word) < 4:
        return word
    mid = len(word) // 2
    return word[: mid - 1] + word[mid] + word[mid - 1] + word[mid + 1 :]


def _repeat(word: str) -> str:
    mid = len(word) // 2
    return word[:mid] + word[mid] * 4 + word[mid + 1 :]


def _split(word: str) -> str:
    mid = len(word) // 2
    return word[:mid] + " " + word[mid:]


WORD_TRICKS: dict[str, Callable[[str], str]] = {
    "leetspeak": lambda w: _inner(w, lambda s: s.translate(_LEET)),
    "inserted_space": _split,
    "spelled_out": lambda w: " ".join(w),
    "swapped_chars": _swap,
    "repeated_chars": _repeat,
    "homoglyphs": lambda w: w.translate(_HOMOGLYPHS),
    "zero_width": lambda w: _ZERO_WIDTH.join(w),
    "emoji_letters": _emoji_letters,
}
LATIN_ONLY = frozenset({"leetspeak", "homoglyphs", "emoji_letters"})


def _is_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum("a" <= ch.lower() <= "z" for ch in letters) / len(letters) > 0.5


def _deleted_space(text: str) -> str:
    words = text.split(" ")
    if len(words) < 3:
        return text
    mid = len(words) // 2
    return " ".join(words[: mid - 1] + [words[mid - 1] + words[mid]] + words[mid + 1 :])


def obfuscate(case: Case, trick: str) -> Case:
    """``case`` with its longest word (a run of characters in scripts without spaces) disguised."""
    if trick == "deleted_space":
        text = _deleted_space(case.text)
    else:
        words = list(_WORD.finditer(case.text))
        target = max(words, key=lambda m: len(m.group(0)))
        word = target.group(0)
        if len(word) > 6 and not _is_latin(word) and " " not in case.text.strip():
            start = len(word) // 2 - 2
            word_part = word[start : start + 3]
            text = case.text.replace(word_part, WORD_TRICKS[trick](word_part), 1)
        else:
            text = case.text[: target.start()] + WORD_TRICKS[trick](word) + case.text[target.end() :]
    return replace(case, text=text, func=OBFUSCATED, perturbation=trick)


def tricks_for(text: str) -> list[str]:
    tricks = [t for t in WORD_TRICKS if _is_latin(text) or t not in LATIN_ONLY]
    return tricks + (["deleted_space"] if " " in text.strip() else [])


def obfuscated_cases(cases: Iterable[Case]) -> Iterator[Case]:
    """One disguised copy of every hateful source case, cycling through the tricks its script allows."""
    for i, case in enumerate(c for c in cases if c.func in SOURCE_FUNCTIONALITIES):
        tricks = tricks_for(case.text)
        yield obfuscate(case, tricks[i % len(tricks)])
