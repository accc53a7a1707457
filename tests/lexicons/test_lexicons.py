import pytest

from townsquare.lexicons import LexiconError, lexicon_languages, load_lexicon, parse_lexicon


def test_a_bare_yaml_no_is_refused_rather_than_read_as_false() -> None:
    """YAML 1.1 reads ``no`` as false: English negation once silently lost its commonest word this way."""
    with pytest.raises(LexiconError, match="quote it"):
        parse_lexicon("xx", "lang: xx\nnegation: [not, no, never]\n")
    assert "no" in parse_lexicon("xx", 'lang: xx\nnegation: [not, "no", never]\n').cues["negation"]


@pytest.mark.parametrize("lang", lexicon_languages())
def test_every_lexicon_loads_with_text_terms_only(lang: str) -> None:
    lexicon = load_lexicon(lang)
    terms = [t for g in lexicon.groups.values() for t in g.terms] + [t for c in lexicon.cues.values() for t in c]
    assert terms and all(isinstance(t, str) and t for t in terms)
