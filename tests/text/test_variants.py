"""Disguised spellings of lexicon terms: what the matchers add so that a split or swapped word is still found."""

from hypothesis import given
from hypothesis import strategies as st

from townsquare.text.variants import MIN_CHARS, disguises


def test_a_word_gets_every_inner_split_and_every_neighbour_swap_that_keeps_its_first_and_last_letter() -> None:
    found = disguises("muslims")
    assert {"mu slims", "musli ms", "mulsims", "musilms"} <= found
    assert "m uslims" not in found
    assert "umslims" not in found
    assert "muslism" not in found
    assert "muslims" not in found


def test_a_swap_of_the_last_two_letters_is_no_disguise() -> None:
    """Swapping the end of Arabic "النسا" (women) gives "الناس", the everyday word for people."""
    assert "الناس" not in disguises("النسا")


def test_a_two_word_term_gets_its_space_dropped() -> None:
    assert disguises("gay people") == {"gaypeople"}


def test_short_terms_and_terms_with_digits_get_none() -> None:
    assert disguises("jews") == set()
    assert disguises("covid19") == set()


def test_combining_marks_count_as_letters() -> None:
    assert "मुस लमान" in disguises("मुसलमान")


def test_outside_the_latin_script_a_single_first_letter_may_be_split_off() -> None:
    """A Devanagari letter is a whole syllable; an Arabic "and" is one letter, often written apart."""
    assert "औ रतें" in disguises("औरतें")
    assert "و المسلمين" in disguises("والمسلمين")
    assert "والمسلمي ن" not in disguises("والمسلمين")


@given(st.text(min_size=0, max_size=12))
def test_no_disguise_is_the_term_itself_and_short_terms_get_none(term: str) -> None:
    found = disguises(term)
    assert term not in found
    if len(term) < MIN_CHARS:
        assert found == set()
