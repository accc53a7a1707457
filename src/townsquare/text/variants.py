"""The disguised spellings of a lexicon term that normalisation cannot fold back.

Normalisation undoes leetspeak, homoglyphs, zero-width characters, stretched letters and letters
spelled apart, because each has one reading. A space put inside a word ("immig rants"), two
neighbouring letters swapped inside it ("mulsims") or the space of a two-word term dropped ("gaypeople") has
none: undoing it would need a dictionary of every word. The lexicon is that dictionary for the words
that matter most, so the matchers add these spellings of its group terms and slurs instead.
"""

from __future__ import annotations

import unicodedata

from townsquare.text.langid import LATIN_END

MIN_CHARS = 5
"""Shorter terms are left alone: a swapped or split four-letter word is too often another word."""
MIN_PIECE = 2
"""Each side of an inserted space keeps two letters or more: "m uslims" reads as a typo, not a disguise. Outside
the Latin script the first piece may be one letter: Devanagari "औ रतें" (women) splits off a whole syllable, and
Arabic "و المسلمين" (and the Muslims) is an "and" written apart."""


def disguises(term: str, spacing: bool = True) -> set[str]:
    """Spellings of the normalised ``term`` that a poster could use to hide it, the term itself excluded.

    Swaps keep the first and the last letter, as a reader's eye does: swapping a word's end makes other
    words too easily (Arabic "النسا", women, becomes "الناس", people). Without ``spacing``, only swaps:
    a space put into or dropped from a common word makes everyday phrases (Spanish "quemé", burnt, is
    "que me").
    """
    if len(term) < MIN_CHARS:
        return set()
    if " " in term:
        return {term.replace(" ", "")} if spacing else set()
    if not all(is_word_char(char) and not char.isdigit() for char in term):
        return set()
    first = MIN_PIECE if starts_in_latin(term) else 1
    found = {term[:i] + " " + term[i:] for i in range(first, len(term) - MIN_PIECE + 1)} if spacing else set()
    found |= {term[:i] + term[i + 1] + term[i] + term[i + 2 :] for i in range(1, len(term) - 2)}
    found.discard(term)
    return found


def is_word_char(char: str) -> bool:
    """Letters, digits and combining marks: Devanagari vowel signs are marks, yet inside a word."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def starts_in_latin(term: str) -> bool:
    """Whether a term is in the Latin script, where disguises are judged more strictly: its first letter says."""
    return term[0] < LATIN_END
