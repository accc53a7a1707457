from hypothesis import given, settings
from hypothesis import strategies as st

from townsquare.text.normalize import normalize

DISGUISES = {
    "v3rm1n": "vermin",
    "vеrmin": "vermin",  # Cyrillic е
    "v e r m i n": "vermin",
    "v.e.r.m.i.n": "vermin",
    "ver\u200bmin": "vermin",
    "ver\u202emin": "vermin",  # bidi override
    "veeeeermin": "vermin",
    "🇻🇪🇷🇲🇮🇳": "vermin",
    "🅰🅱": "ab",
    "🇻 🇪 🇷 🇲 🇮 🇳": "vermin",
    "🇨 🇿 🇦 🇷 🇳 🇴 🇸 🇰 ó🇷 🇾 🇨 🇭": "czarnoskórych",  # letters emoji lack are typed plain
    "🇳 🇮 🇪 🇵 🇪 ł🇳 🇴 🇸 🇵 🇷 🇦 🇼 🇳 🇾 🇨 🇭": "niepełnosprawnych",
    "ＶＥＲＭＩＮ": "vermin",  # fullwidth
    "𝐯𝐞𝐫𝐦𝐢𝐧": "vermin",  # mathematical bold
}


def test_disguises_are_undone() -> None:
    for disguised, plain in DISGUISES.items():
        assert normalize(disguised) == plain, disguised


def test_spacing_tricks_in_other_scripts_are_undone() -> None:
    assert normalize("穆 斯林 都是 害 虫") == "穆斯林都是害虫"  # Chinese puts no spaces between words
    assert normalize("我爱你 hello 世界") == "我爱你 hello 世界"
    assert normalize("क ॉ क र ो च") == "कॉकरोच"  # a vowel sign belongs to its letter; spelled apart by letter
    assert normalize("ह ि न ् द ू") == "हि न् दू"  # three letters spelled apart stay apart, as "v e r" does


def test_other_scripts_and_numbers_survive() -> None:
    assert normalize("यह लोग कीड़े हैं") == "यह लोग कीड़े हैं"
    assert normalize("穆斯林都是害虫") == "穆斯林都是害虫"
    assert normalize("المسلمون حشرات") == "المسلمون حشرات"
    assert normalize("Die Jahre 2024 und 1000") == "die jahre 2024 und 1000"
    assert normalize("Żółć Łódź") == "żółć łódź"


def test_mentions_and_links_are_masked() -> None:
    assert normalize("@Someone look https://example.org/x?y=1 now") == "@user look http now"


def test_trailing_punctuation_is_not_leetspeak() -> None:
    assert normalize("idiots!") == "idiots!"
    assert normalize("price $5") == "price $5"


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_idempotent_on_any_text(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aeiost013457@$!| .-_\u200b\u0301еаоі🇻🇦")), max_size=40))
def test_idempotent_on_disguise_alphabet(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aéı̇İßẞﬁ\u0301\u0308\u200b\u200dअक्षि्ािلاًم穆虫ＡⅣ①\u00ad\t .")), max_size=30))
def test_idempotent_on_marks_and_compatibility_characters(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_never_raises_on_decoded_garbage(raw: bytes) -> None:
    assert isinstance(normalize(raw.decode("utf-8", errors="surrogateescape")), str)
