"""The context layer on sentences in several languages: who is named, what is said of them, how it is framed."""

import pytest

from townsquare.lexicons import EVALUATION_KINDS, lexicon_languages, load_lexicon
from townsquare.signals.text_classifier.context import analyzer_for, identity_masker
from townsquare.text.normalize import normalize


def flags(lang: str, text: str) -> set[str]:
    return {name for name, on in analyzer_for(lang).analyze(normalize(text)).flags().items() if on}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Muslims are not vermin."),
        ("es", "Las mujeres no son ratas."),
        ("de", "Frauen sind keine Ratten."),
        ("hi", "Gay log parasites nahi hain."),
        ("hi", "औरतें परजीवी नहीं हैं।"),
        ("hi", "मैं कभी नहीं मानूँगा कि औरतें परजीवी हैं।"),
        ("en", "I have never once said that muslims are vermin."),
        ("fr", "Les juifs, des parasites ? Jamais."),
    ],
)
def test_a_denied_attack_is_seen_as_negated(lang: str, text: str) -> None:
    assert {"target", "attack", "negated_attack"} <= flags(lang, text)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Muslims are vermin."),
        ("es", "Lo digo sin rodeos: las mujeres son ratas."),
        ("en", "No doubt about it. Muslims are vermin."),
        ("en", "Muslims are vermin? No surprise there, everyone knows it."),
    ],
)
def test_an_attack_with_a_negation_elsewhere_is_not_negated(lang: str, text: str) -> None:
    found = flags(lang, text)
    assert {"target", "attack", "target_attack_clause"} <= found
    assert "negated_attack" not in found


def test_an_attack_word_with_two_letters_swapped_is_still_an_attack_but_a_split_one_is_left_alone() -> None:
    assert "dehumanising" in flags("en", "Muslims are vemrin.")
    assert "violence" in flags("es", "Hay que qeumarlos a todos.")
    assert "violence" not in flags("es", "Lo que me parece bien.")  # "quemé" with a space put in


def test_praise_and_contempt_are_told_apart() -> None:
    assert "positive" in flags("de", "Die Frauen aus meinem Viertel sind wirklich hilfsbereit und freundlich.")
    assert "attack" not in flags("de", "Die Frauen aus meinem Viertel sind wirklich hilfsbereit und freundlich.")
    assert "attack" in flags("de", "Die Frauen aus meinem Viertel sind widerlich.")


def test_a_phrase_ending_in_a_short_word_does_not_take_an_ending() -> None:
    analyzer = analyzer_for("en")
    hits = analyzer.analyze(normalize("we go back today")).hits
    assert all(h.kind != "exclusion" for h in hits)
    assert any(h.kind == "identity" for h in analyzer.analyze("muslims").hits)


@pytest.mark.parametrize("lang", lexicon_languages())
def test_every_language_has_evaluative_words_that_name_no_group(lang: str) -> None:
    lexicon = load_lexicon(lang)
    group_terms = {normalize(t) for g in lexicon.groups.values() for t in g.terms}
    for kind in EVALUATION_KINDS:
        entries = lexicon.cues[kind]
        assert len(entries) >= 80, f"{lang} {kind}: only {len(entries)} entries"
        assert not group_terms & {normalize(e) for e in entries}, f"{lang} {kind} lists a group term"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "El transporte público vuelve a fallar."),
        ("pt", "O transporte público parou."),
        ("fr", "Le transport en commun."),
        ("es", "Volvimos de Montenegro ayer."),
    ],
)
def test_a_group_term_inside_a_longer_word_names_no_group(lang: str, text: str) -> None:
    assert "target" not in flags(lang, text)


def test_a_group_term_takes_an_inflection() -> None:
    assert "target" in flags("de", "Die Musliminnen und die Frauen im Viertel.")
    assert "target" in flags("pl", "O żydach mówi się różne rzeczy.")


def test_a_slur_is_found_in_its_other_forms() -> None:
    """Italian plurals change the stem (zingaro -> zingari): the lexicon lists such forms."""
    assert "slur" in flags("it", "Gli zingari sono feccia.")
    assert "slur" in flags("it", "Quello zingaro.")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Sick of immig rants and their attitude."),
        ("en", "Walked past some mulsims today."),
        ("en", "Zero respect formuslims."),
        ("en", "Gaypeople are revolting."),
        ("fr", "Lesjuifs sont partout."),
        ("hi", "मुस लमान यहाँ रहते हैं।"),
        ("ar", "أكره المت حولين من كل قلبي."),
        ("ar", "أكره المسحيين من كل قلبي."),
        ("hi", "औ रतें यहाँ रहती हैं।"),
    ],
)
def test_a_group_is_found_behind_a_split_swapped_or_glued_spelling(lang: str, text: str) -> None:
    assert "target" in flags(lang, text)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "¿De verdad queremos eso?"),
        ("it", "È una storia vecchia, non fingere."),
        ("en", "They drove to Montenegro."),
        ("es", "Sé que eres fuerte."),
    ],
)
def test_a_word_that_only_resembles_a_disguised_group_names_no_group(lang: str, text: str) -> None:
    """"quere" is "queer" with two letters swapped, and the start of "queremos" (we want); "que eres" (that you
    are) is German "queere" split, plus an ending, which only a stem outside the Latin script may take."""
    assert "target" not in flags(lang, text)


def test_a_negation_inside_a_group_name_negates_nothing() -> None:
    found = flags("es", "Las personas no binarias son una plaga.")
    assert {"target", "attack"} <= found
    assert not {"negation", "negated_attack"} & found


def test_the_masker_hides_a_group_behind_a_disguise_but_not_inside_another_word() -> None:
    masker = identity_masker()
    assert masker.mask("mulsims walked by") == "⟨religion⟩ walked by"
    assert masker.mask("muslims walked by") == "⟨religion⟩ walked by"
    assert masker.mask("queremos una storia") == "queremos una storia"
    assert masker.mask("sé que eres fuerte") == "sé que eres fuerte"
    assert masker.mask("أكره المت حولين") == "أكره ⟨gender⟩"
