"""``townsquare evaluate``: held-out corpus metrics and the functional suite, as tables and JSON.

Corpus metrics are per dataset and per language on the test splits only, each beside the
majority-class baseline it must beat. Functional accuracy is per functionality and language on the
``test`` templates (and their obfuscated copies), which training never reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import numpy as np

from townsquare.functional.obfuscate import OBFUSCATED, obfuscated_cases
from townsquare.functional.templates import FUNCTIONALITIES, Case, load_template_set, template_languages
from townsquare.signals.text_classifier.classifier import TextClassifier
from townsquare.training.corpora import corpora
from townsquare.training.dataset import Row, assign_splits
from townsquare.training.metrics import BinaryReport, binary_report

BATCH = 512
INTERVAL_DRAWS = 2000
"""Bootstrap draws behind each template-clustered 95% interval."""


@dataclass(frozen=True)
class CorpusEvaluation:
    by_dataset: dict[str, BinaryReport]
    by_language: dict[str, BinaryReport]
    thresholds: dict[str, float]
    model_version: str

    def to_dict(self) -> dict[str, object]:
        return {
            "model_version": self.model_version,
            "thresholds": self.thresholds,
            "by_dataset": {k: v.to_dict() for k, v in self.by_dataset.items()},
            "by_language": {k: v.to_dict() for k, v in self.by_language.items()},
        }


@dataclass(frozen=True)
class FunctionalEvaluation:
    cases: list[tuple[Case, bool, float]]
    """Every scored case with the model's ``hateful`` and score."""

    def accuracy(self, keep: Callable[[Case], bool]) -> tuple[float, int]:
        chosen = [(c, pred) for c, pred, _ in self.cases if keep(c)]
        if not chosen:
            return float("nan"), 0
        return sum(pred == c.hateful for c, pred in chosen) / len(chosen), len(chosen)

    @property
    def languages(self) -> list[str]:
        return sorted({c.lang for c, _, _ in self.cases} | {_source(c) for c, _, _ in self.cases})

    def table(self) -> dict[str, dict[str, float]]:
        """functionality (plus ``hateful``/``non_hateful``/``all``) -> language -> accuracy."""
        rows: dict[str, dict[str, float]] = defaultdict(dict)
        for lang in sorted({_source(c) for c, _, _ in self.cases}):
            for func in (*FUNCTIONALITIES, OBFUSCATED):
                rows[func][lang] = self.accuracy(partial(_in, lang=lang, func=func))[0]
            rows["hateful"][lang] = self.accuracy(partial(_in, lang=lang, hateful=True))[0]
            rows["non_hateful"][lang] = self.accuracy(partial(_in, lang=lang, hateful=False))[0]
            rows["all"][lang] = self.accuracy(partial(_in, lang=lang))[0]
        return dict(rows)

    def sides(self) -> dict[str, dict[str, Side]]:
        """language -> ``hateful``/``non_hateful`` -> accuracy with its interval: the two numbers the bar is on."""
        return {
            lang: {name: self.side(partial(_in, lang=lang, hateful=hateful))
                   for name, hateful in (("hateful", True), ("non_hateful", False))}
            for lang in sorted({_source(c) for c, _, _ in self.cases})
        }

    def side(self, keep: Callable[[Case], bool]) -> Side:
        """Accuracy over the kept cases with a 95% interval that resamples whole templates.

        A template's expansions over groups (and their obfuscated copies) mostly stand or fall together, so
        the cases are not independent draws: with about ten templates a cell, an interval over cases would
        be far too narrow. The bootstrap is seeded, so the same model always reports the same interval.
        """
        by_template: dict[str, list[bool]] = defaultdict(list)
        for case, pred, _ in self.cases:
            if keep(case):
                by_template[case.template_id].append(pred == case.hateful)
        if not by_template:
            return Side(float("nan"), float("nan"), float("nan"), 0)
        correct = np.asarray([sum(v) for v in by_template.values()], dtype=np.float64)
        total = np.asarray([len(v) for v in by_template.values()], dtype=np.float64)
        draws = np.random.default_rng(0).integers(0, len(total), size=(INTERVAL_DRAWS, len(total)))
        low, high = np.quantile(correct[draws].sum(axis=1) / total[draws].sum(axis=1), [0.025, 0.975])
        return Side(float(correct.sum() / total.sum()), float(low), float(high), len(total))

    def to_dict(self) -> dict[str, object]:
        return {
            "n_cases": len(self.cases),
            "accuracy": self.table(),
            "sides": {lang: {k: asdict(v) for k, v in sides.items()} for lang, sides in self.sides().items()},
        }


@dataclass(frozen=True)
class Side:
    accuracy: float
    low: float
    high: float
    """The 95% interval, resampling templates."""
    templates: int


def _in(case: Case, lang: str, func: str | None = None, hateful: bool | None = None) -> bool:
    return _source(case) == lang and func in (None, case.func) and hateful in (None, case.hateful)


def _source(case: Case) -> str:
    """The template file a case came from (``hi_latn`` is reported apart from Devanagari ``hi``)."""
    return case.template_id.split("-")[0]


def held_out_rows(data_dir: Path, commercial_only: bool) -> list[Row]:
    rows = assign_splits(e for c in corpora(commercial_only) for e in c.read(data_dir))
    return [r for r in rows if r.example.split == "test" and r.example.labels["hate"] is not None]


def evaluate_corpora(classifier: TextClassifier, rows: Sequence[Row]) -> CorpusEvaluation:
    scored = np.asarray([
        (s.probabilities["hate"], classifier.threshold(s.variety))
        for chunk in (rows[i : i + BATCH] for i in range(0, len(rows), BATCH))
        for s in classifier.score([r.example.text for r in chunk], [r.example.lang for r in chunk])
    ]).reshape(-1, 2)
    probs, cuts = scored[:, 0], scored[:, 1]
    labels = np.asarray([r.example.labels["hate"] for r in rows], dtype=bool)

    def by(key: Callable[[Row], str]) -> dict[str, BinaryReport]:
        index: dict[str, list[int]] = defaultdict(list)
        for i, row in enumerate(rows):
            index[key(row)].append(i)
        return {k: binary_report(labels[v], probs[v], cuts[v]) for k, v in sorted(index.items())}

    return CorpusEvaluation(
        by_dataset=by(lambda r: r.example.dataset),
        by_language=by(lambda r: r.example.lang),
        thresholds=classifier.artefact.thresholds,
        model_version=classifier.version,
    )


def functional_cases(directory: Path | None = None) -> list[Case]:
    kwargs = {"directory": directory} if directory else {}
    cases: list[Case] = []
    for name in template_languages(**kwargs):
        test_cases = load_template_set(name, **kwargs).expand("test")
        cases += test_cases + list(obfuscated_cases(test_cases))
    return cases


def evaluate_functional(classifier: TextClassifier, cases: Sequence[Case]) -> FunctionalEvaluation:
    scored: list[tuple[Case, bool, float]] = []
    for start in range(0, len(cases), BATCH):
        chunk = cases[start : start + BATCH]
        verdicts = classifier.classify_batch((str(i), c.text, None) for i, c in enumerate(chunk))
        scored += [(c, v.hateful, v.score) for c, v in zip(chunk, verdicts, strict=True)]
    return FunctionalEvaluation(scored)
