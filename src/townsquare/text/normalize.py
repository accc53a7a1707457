"""One canonical form of a post for every signal, so that spelling tricks do not buy a way past them.

Posters dodge moderation with homoglyphs ("vеrmin" with a Cyrillic е), leetspeak ("v3rm1n"),
zero-width and bidi characters, stretched letters ("veeermin"), letters spelled apart ("v e r m i n")
and emoji letters ("🇻🇪🇷🇲🇮🇳"). Every signal reads the normalised text, and training reads it too, so
the model learns from the same form it is later shown.

The pipeline is applied until it reaches a fixed point, which is what makes ``normalize`` idempotent
whatever order of tricks a text combines.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import categories, confusables

__all__ = ["normalize"]

MAX_PASSES = 6

# Scripts none of the supported languages is written in: their letters in a post are a disguise.
_DISGUISE_SCRIPTS = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "LISU", "GEORGIAN"})
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g",
                       "@": "a", "$": "s", "!": "i", "|": "l", "€": "e", "+": "t"})
_LEET_INNER_ONLY = frozenset("@$!|€+")
_LEET_CHARS = frozenset("013457895") | _LEET_INNER_ONLY

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])@[\w@$€|!+]+")
"""A mention takes the whole token, leetspeak characters too, so that unleeting cannot re-open it."""
_TOKEN = re.compile(r"[\w@$€|!+]+")
_LEET_TRIGGER = re.compile(r"[^\W\d_][0-9@$€|!+]|[0-9$€|!+][^\W\d_]")
_LETTER_RUN = re.compile(r"([^\W\d_])\1{2,}")
_SYMBOL_RUN = re.compile(r"([^\w\s])\1{2,}")
_SPELLING_SEPARATORS = re.compile(r"[ .\-_*·]")
_SPACES = re.compile(r"\s+")
_EMOJI_LETTERS = "\U0001f1e6-\U0001f1ff\U0001f150-\U0001f169\U0001f170-\U0001f189"
_EMOJI_LETTER = re.compile(f"[{_EMOJI_LETTERS}]")
_SPACED = re.compile(r"(\s+)")
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
"""Chinese puts no spaces between words, so a space between two ideographs only splits a word apart."""


def _combining_marks() -> str:
    """A regex class body of every combining mark in the Basic Multilingual Plane (Devanagari vowel signs...)."""
    marks = [chr(c) for c in range(0x10000) if unicodedata.category(chr(c)).startswith("M")]
    return "".join(re.escape(m) for m in marks)


_MARKS = _combining_marks()
_SPACE_BEFORE_MARK = re.compile(rf"\s+(?=[{_MARKS}])")
"""A combining mark belongs to the letter before it, so a space in front of one was put there to split a word."""
_SPELLED_OUT = re.compile(rf"(?<!\w)(?:[^\W\d_][{_MARKS}]*[ .\-_*·]){{3,}}[^\W\d_][{_MARKS}]*(?![\w{_MARKS}])")
"""Letters (each with its marks: "हि न् दू") spelled apart: "v e r m i n"."""
_SPELLED_OUT_ASCII = re.compile(r"(?<!\w)(?:[a-z][ .\-_*·]){3,}[a-z](?!\w)")
"""The same for text that is all ASCII (most posts), where the class of marks only costs time."""


@lru_cache(maxsize=1)
def _table() -> dict[int, str | None]:
    """Code points to drop (invisible) or replace (homoglyphs, emoji letters), built once from data."""
    table: dict[int, str | None] = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or categories.alias(char) not in _DISGUISE_SCRIPTS:
            continue
        latin = [h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalpha()]
        if latin:
            table[ord(char)] = latin[0].lower()
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if category == "Cf" or (category == "Mn" and "VARIATION SELECTOR" in unicodedata.name(char, "")):
            table[code] = None
            continue
        if category == "Cc":
            table[code] = " "
            continue
        name = unicodedata.name(char, "")
        if name.startswith(("REGIONAL INDICATOR SYMBOL LETTER ", "NEGATIVE SQUARED LATIN CAPITAL LETTER ",
                            "NEGATIVE CIRCLED LATIN CAPITAL LETTER ")):
            table[code] = name[-1].lower()
    table[ord("\u034f")] = None  # combining grapheme joiner: invisible, category Mn
    for apostrophe in "\u2019\u02bc":  # typographic apostrophes: "can’t" and "c’est" read as typed on a keyboard
        table[ord(apostrophe)] = "'"
    return table


def _unleet(match: re.Match[str]) -> str:
    token = match.group(0)
    if not any(ch.isalpha() for ch in token) or not any(ch in _LEET_CHARS for ch in token):
        return token
    head, body, tail = _split_edges(token)
    return head + body.translate(_LEET) + tail


def _split_edges(token: str) -> tuple[str, str, str]:
    """Leading/trailing ``@ $ ! | + €`` are mentions and punctuation, not letters in disguise."""
    start, end = 0, len(token)
    while start < end and token[start] in _LEET_INNER_ONLY:
        start += 1
    while end > start and token[end - 1] in _LEET_INNER_ONLY:
        end -= 1
    return token[:start], token[start:end], token[end:]


def _one_pass(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    if not text.isascii() and _EMOJI_LETTER.search(text):
        text = _emoji_words_joined(text)
    text = text.translate(_table())
    if "http" in text or "www." in text:
        text = _URL.sub("http", text)
    if "@" in text:
        text = _MENTION.sub("@user", text)
    if _LEET_TRIGGER.search(text):
        text = _TOKEN.sub(_unleet, text)
    text = _LETTER_RUN.sub(r"\1", text)
    text = _SYMBOL_RUN.sub(r"\1", text)
    ascii_only = text.isascii()
    if not ascii_only:
        text = _SPACE_BEFORE_MARK.sub("", text)
    text = _spelled_out(ascii_only).sub(_joined, text)
    text = _SPACES.sub(" ", text).strip()
    return text if ascii_only else _CJK_GAP.sub("", text)


def _spelled_out(ascii_only: bool) -> re.Pattern[str]:
    return _SPELLED_OUT_ASCII if ascii_only else _SPELLED_OUT


def _joined(match: re.Match[str]) -> str:
    return _SPELLING_SEPARATORS.sub("", match.group(0))


def _emoji_words_joined(text: str) -> str:
    """Without the spaces between neighbouring pieces that hold emoji letters.

    A word in emoji letters is spaced letter by letter (two regional indicators side by side draw a flag), and
    the letters they lack are typed plain, glued to one ("🇨 🇿 🇦 🇷 🇳 🇴 🇸 🇰 ó🇷 🇾 🇨 🇭"), which the
    spelled-out rule alone would leave in pieces ("k ór y"). Done piece by piece, in linear time: a regular
    expression for "a run of pieces that hold one" backtracks cubically on a long unspaced run of them (2,000
    took 23 s).
    """
    pieces = _SPACED.split(text)
    for i in range(1, len(pieces) - 1, 2):
        if _EMOJI_LETTER.search(pieces[i - 1]) and _EMOJI_LETTER.search(pieces[i + 1]):
            pieces[i] = ""
    return "".join(pieces)


def _settled(text: str) -> bool:
    """True when another pass provably changes nothing, so the confirming pass can be skipped.

    A pass leaves no character of the translation table behind and adds only ASCII, so it can only
    be undone by what it cannot see in one go: a string that is no longer NFKC or case-folded (a mark
    left beside a removed or replaced character), or a letter run or spelled-out word created by
    joining spelled-out letters, which runs last.
    """
    ascii_only = text.isascii()
    if not ascii_only and not (unicodedata.is_normalized("NFKC", text) and text.casefold() == text):
        return False
    return not (_LETTER_RUN.search(text) or _SYMBOL_RUN.search(text) or _spelled_out(ascii_only).search(text)
                or (not ascii_only and _SPACE_BEFORE_MARK.search(text)))


def normalize(text: str) -> str:
    """The canonical form: NFKC, case-folded, de-disguised, whitespace collapsed. Idempotent."""
    for _ in range(MAX_PASSES):
        result = _one_pass(text)
        if result == text or _settled(result):
            return result
        text = result
    return text
