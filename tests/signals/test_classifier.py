from dataclasses import replace

import numpy as np
import pytest

from townsquare.core.types import Category
from townsquare.signals.text_classifier import classifier as classifier_module
from townsquare.signals.text_classifier.classifier import MAX_TEXT_CHARS, InputError, TextClassifier
from townsquare.signals.text_classifier.language_head import LanguageHead


def test_verdict_has_the_contract_fields(small_classifier: TextClassifier) -> None:
    verdict = small_classifier.classify("Muslims are vermin and must be driven out", id="p1")
    assert verdict.id == "p1"
    assert verdict.lang == "en" and verdict.lang_detected
    assert 0.0 <= verdict.score <= 1.0
    assert set(verdict.categories) == {Category.HATE, Category.HARASSMENT, Category.THREAT, Category.PROFANITY}
    assert all(0.0 <= s <= 1.0 for s in verdict.categories.values())
    assert verdict.model_version == small_classifier.version


def test_given_language_is_kept(small_classifier: TextClassifier) -> None:
    verdict = small_classifier.classify("ciao", lang="it")
    assert verdict.lang == "it" and not verdict.lang_detected
    assert small_classifier.classify("ciao", lang="hi-Latn").lang == "hi"


def test_batch_equals_one_by_one(small_classifier: TextClassifier) -> None:
    items = [("a", "Die Juden sind Ungeziefer", None), ("b", "Bonjour à tous", "fr"), ("c", "", None)]
    batch = small_classifier.classify_batch(items)
    single = [small_classifier.classify(text, id=i, lang=lang) for i, text, lang in items]
    assert [v.model_dump() for v in batch] == [v.model_dump() for v in single]


def test_hateful_posts_carry_target_and_evidence_spans_of_the_original(small_classifier: TextClassifier) -> None:
    text = "Muslims are v3rm1n, filthy disgusting v3rm1n, kill them all"
    verdict = small_classifier.classify_batch([("x", text, "en")], threshold=0.0)[0]
    assert verdict.hateful
    assert verdict.target is not None and verdict.target.group == "muslims"
    assert verdict.evidence
    for span in verdict.evidence:
        assert text[span.start : span.end] == span.text
    assert any(span.signal == "identity" and span.text.lower() == "muslims" for span in verdict.evidence)
    keys = [(span.start, span.end, span.signal) for span in verdict.evidence]
    assert len(keys) == len(set(keys))


def test_bad_inputs_raise_clear_errors(small_classifier: TextClassifier) -> None:
    with pytest.raises(InputError, match="string"):
        small_classifier.classify(123)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="limit"):
        small_classifier.classify("x" * (MAX_TEXT_CHARS + 1))
    with pytest.raises(InputError, match="ISO 639-1"):
        small_classifier.classify("hello", lang="english please")


def test_hostile_strings_do_not_break_it(small_classifier: TextClassifier) -> None:
    hostile = ["\x00\x01\x02", "\u202e\u200b" * 500, "🇻" * 1000, "🇻" * MAX_TEXT_CHARS, "a" * MAX_TEXT_CHARS,
               "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"), "<script>alert(1)</script>",
               "' OR 1=1 --"]
    verdicts = small_classifier.classify_batch((str(i), t, None) for i, t in enumerate(hostile))
    assert [v.id for v in verdicts] == [str(i) for i in range(len(hostile))]


def _with_language_head(classifier: TextClassifier, intercepts: list[float]) -> TextClassifier:
    """The classifier with a language head that reads no n-gram and believes its intercepts alone."""
    head = classifier.artefact.language_head
    fixed = LanguageHead(head.languages, np.zeros_like(head.weights), np.asarray(intercepts, dtype=np.float32))
    return TextClassifier(replace(classifier.artefact, language_head=fixed))


def test_lingua_is_asked_only_where_the_language_head_is_unsure(
    small_classifier: TextClassifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def lingua(texts: list[str]) -> list[str]:
        asked.extend(texts)
        return ["de"] * len(texts)

    monkeypatch.setattr(classifier_module, "detect_latin_languages", lingua)
    languages = small_classifier.artefact.language_head.languages
    sure = _with_language_head(small_classifier, [10.0 if lang == "pt" else 0.0 for lang in languages])
    assert sure.classify("the weather is lovely today").lang == "pt" and not asked
    unsure = _with_language_head(small_classifier, [0.0] * len(languages))
    assert unsure.classify("the weather is lovely today").lang == "de" and asked == ["the weather is lovely today"]
    assert sure.classify("الطقس جميل اليوم").lang == "ar"
