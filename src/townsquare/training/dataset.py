"""Assemble the training table: every corpus, de-duplicated, split without leaks, plus train templates.

Three splits come out. ``test`` is each corpus' held-out split (its official one, else 20% chosen by a
hash of the normalised text so the choice is reproducible and duplicates land together); no text in
any test split is trained on, whichever corpus it came from. ``calib`` is carved from the rest the
same way and is only used to calibrate scores and choose thresholds. ``train`` is what the model is
fitted on. The functional suite's ``train`` templates join both: a quarter of them (whole templates,
chosen by a hash of their id) go to ``calib`` so that thresholds are also chosen on sentences the
model has not seen; its ``test`` templates are never read here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from townsquare.core.types import Category
from townsquare.functional.templates import load_template_set, template_languages
from townsquare.text.langid import dominant_script
from townsquare.text.normalize import normalize
from townsquare.training.corpora import Corpus, Example, labels

TEST_PERCENT = 20
CALIB_PERCENT = 15
TEMPLATE_CALIB_PERCENT = 25
TEMPLATE_DATASET = "functional"
"""The dataset name every functional-suite template row carries, apart from the corpora's."""
ROMAN_HINDI_MARKERS = frozenset(
    "hai hain nahi nahin kya kyu kyun aur bhi yeh ye woh wo ka ki ke ko se mein me tum hum aap tha thi "
    "raha rahe kar karo karna hota hoga sab log bhai".split()
)


@dataclass(frozen=True)
class Row:
    example: Example
    key: str
    """The normalised text: what the model reads and what de-duplication compares."""
    roman_hindi: int | None = None

    @property
    def is_template(self) -> bool:
        return self.example.dataset == TEMPLATE_DATASET


def _bucket(key: str, salt: str) -> int:
    return int.from_bytes(hashlib.sha256((salt + key).encode("utf-8")).digest()[:4], "big") % 100


def assign_splits(examples: Iterable[Example]) -> list[Row]:
    """De-duplicate and split; a text held out anywhere is removed from training everywhere."""
    rows: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for example in examples:
        key = normalize(example.text)
        if not key or (example.dataset, key) in seen:
            continue
        seen.add((example.dataset, key))
        split = example.split or ("test" if _bucket(key, "test") < TEST_PERCENT else "train")
        if split == "train" and not example.proxy and _bucket(key, "calib") < CALIB_PERCENT:
            split = "calib"
        rows.append(Row(replace(example, split=split), key))
    held_out = {r.key for r in rows if r.example.split != "train"}
    test_keys = {r.key for r in rows if r.example.split == "test"}
    return [
        r for r in rows
        if (r.example.split == "train" and r.key not in held_out)
        or (r.example.split == "calib" and r.key not in test_keys)
        or r.example.split == "test"
    ]


def template_examples(directory: Path | None = None) -> Iterator[Example]:
    """The functional suite's ``train`` templates as labelled examples; never its ``test`` ones."""
    kwargs = {"directory": directory} if directory else {}
    for name in template_languages(**kwargs):
        for case in load_template_set(name, **kwargs).expand("train"):
            cats = set(case.categories)
            split = "calib" if _bucket(case.template_id, "calib") < TEMPLATE_CALIB_PERCENT else "train"
            yield Example(
                case.text,
                case.lang,
                TEMPLATE_DATASET,
                split,
                labels(
                    hate=int(case.hateful),
                    harassment=1 if "harassment" in cats else None,
                    threat=int("threat" in cats),
                    profanity=1 if "profanity" in cats else None,
                ),
                group=case.template_id,
            )


def with_roman_hindi(rows: list[Row]) -> list[Row]:
    """Label the romanised-Hindi head: Latin-script Hindi corpus rows that read as Hindi vs all other Latin text.

    The Hindi corpus mixes romanised Hindi with English, so a row counts as romanised Hindi only when
    it uses at least two common Hindi function words; Hindi rows that do not are left unlabelled.
    """
    out = []
    for row in rows:
        if dominant_script(row.key) != "LATIN":
            out.append(row)
            continue
        if row.example.lang == "hi":
            words = set(row.key.split())
            label = 1 if len(words & ROMAN_HINDI_MARKERS) >= 2 else None
        else:
            label = 0
        out.append(replace(row, roman_hindi=label))
    return out


def build_rows(corpora: Iterable[Corpus], data_dir: Path, templates_dir: Path | None = None) -> list[Row]:
    examples = [e for corpus in corpora for e in corpus.read(data_dir)]
    rows = assign_splits(examples)
    rows += [Row(e, normalize(e.text)) for e in template_examples(templates_dir)]
    return with_roman_hindi(rows)


def label_of(row: Row, head: str) -> int | None:
    if head == "roman_hindi":
        return row.roman_hindi
    if head == "hate_phrasing":
        return row.example.labels[Category.HATE] if row.is_template else None
    return row.example.labels[Category(head)]
