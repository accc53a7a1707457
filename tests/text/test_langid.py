import pytest

from townsquare.text.langid import UNDETERMINED, detect_language, dominant_script, writing_variety

SENTENCES = {
    "en": "I really did not expect the weather to turn this cold so quickly",
    "fr": "Je ne pensais vraiment pas que le temps deviendrait si froid aussi vite",
    "de": "Ich hätte wirklich nicht gedacht, dass das Wetter so schnell kalt wird",
    "es": "De verdad no esperaba que el tiempo se pusiera tan frío tan rápido",
    "it": "Davvero non mi aspettavo che il tempo diventasse così freddo così in fretta",
    "pt": "Eu realmente não esperava que o tempo ficasse tão frio tão rápido",
    "nl": "Ik had echt niet verwacht dat het weer zo snel zo koud zou worden",
    "pl": "Naprawdę nie spodziewałem się, że pogoda tak szybko zrobi się zimna",
    "ar": "لم أتوقع حقاً أن يصبح الطقس بارداً بهذه السرعة",
    "hi": "मुझे सच में उम्मीद नहीं थी कि मौसम इतनी जल्दी ठंडा हो जाएगा",
    "zh": "我真的没想到天气会这么快变冷",
}


@pytest.mark.parametrize("lang", sorted(SENTENCES))
def test_detects_every_supported_language(lang: str) -> None:
    assert detect_language(SENTENCES[lang]) == lang


def test_no_letters_is_undetermined() -> None:
    assert detect_language("12345 !!! 😀") == UNDETERMINED
    assert detect_language("") == UNDETERMINED


def test_dominant_script() -> None:
    assert dominant_script("hello мир world") == "LATIN"
    assert dominant_script("こんにちは") == "CJK"
    assert dominant_script("Zażółć gęślą jaźń, ça coûte 5€ straße") == "LATIN"
    assert dominant_script("¿¡ 123 !") == ""


def test_close_languages_on_short_posts_are_told_apart() -> None:
    """lingua's fast mode reads "Ni de coña" as Italian; the full mode, which the classifier asks, as Spanish."""
    assert detect_language("Ni de coña") == "es"


def test_a_misspelt_post_keeps_its_language() -> None:
    """Two swapped letters were enough for lingua's fast mode to read English as German, German as Portuguese."""
    assert detect_language("No wog is ever giong to tell me what to do.") == "en"
    assert detect_language("Krpüpel raus aus unserer Stadt!") == "de"


def test_a_language_written_in_latin_letters_is_a_variety_of_its_own() -> None:
    assert writing_variety("hi", "ye log bahut achhe hain") == "hi-Latn"
    assert writing_variety("hi", "ये लोग बहुत अच्छे हैं") == "hi"
    assert writing_variety("en", "these people are lovely") == "en"
