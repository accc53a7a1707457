from collections import Counter

import pytest

from townsquare.functional.obfuscate import OBFUSCATED, WORD_TRICKS, obfuscated_cases
from townsquare.functional.templates import FUNCTIONALITIES, load_template_set, template_languages
from townsquare.functional.validate import problems
from townsquare.text.normalize import normalize

LANGUAGES = {"en", "fr", "de", "es", "it", "pt", "nl", "pl", "ar", "hi", "zh"}


def test_every_supported_language_has_templates() -> None:
    assert LANGUAGES <= {name.split("_")[0] for name in template_languages()}


@pytest.mark.parametrize("name", template_languages())
def test_template_file_is_valid(name: str) -> None:
    assert problems(load_template_set(name)) == []


@pytest.mark.parametrize("name", template_languages())
def test_every_functionality_has_test_cases(name: str) -> None:
    cases = load_template_set(name).expand("test")
    counts = Counter(c.func for c in cases)
    assert all(counts[f] > 0 for f in FUNCTIONALITIES), counts
    assert any(c.func == OBFUSCATED for c in obfuscated_cases(cases))


def test_suite_is_large_enough() -> None:
    total = 0
    for name in template_languages():
        cases = load_template_set(name).expand("test")
        total += len(cases) + len(list(obfuscated_cases(cases)))
    assert total >= 3000


def test_obfuscation_covers_every_trick_and_normalisation_undoes_most() -> None:
    cases = load_template_set("en").expand("test")
    disguised = list(obfuscated_cases(cases))
    assert set(WORD_TRICKS) <= {c.perturbation for c in disguised}
    originals = {c.template_id + (c.group or ""): c.text for c in cases}
    undone = sum(normalize(c.text) == normalize(originals[c.template_id + (c.group or "")]) for c in disguised)
    assert undone / len(disguised) > 0.4
