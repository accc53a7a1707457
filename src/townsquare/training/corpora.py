"""Readers for the labelled corpora in ``shared/data``, each binarised as its folder's README says.

Every reader yields :class:`Example` rows with up to four labels (hate, harassment, threat,
profanity). ``None`` means "this corpus does not say": the head for that label never sees the row,
which is how corpora annotated for different things share one model without teaching it false
negatives.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msoffcrypto
import openpyxl

from townsquare.core.types import Category

csv.field_size_limit(sys.maxsize)

Labels = dict[Category, int | None]


@dataclass(frozen=True)
class Example:
    text: str
    lang: str
    dataset: str
    split: str
    """``train`` or ``test``: the corpus' official split where it has one, else empty (assigned later)."""
    labels: Labels
    weight: float = 1.0
    group: str = ""
    """Rows with the same non-empty group (a template's id) are split and folded together."""
    proxy: bool = False
    """The label only approximates hate (COLD's train/dev say 'offensive'): train on it, never calibrate on it."""


def labels(hate: int | None = None, harassment: int | None = None, threat: int | None = None,
           profanity: int | None = None) -> Labels:
    return {
        Category.HATE: hate,
        Category.HARASSMENT: harassment,
        Category.THREAT: threat,
        Category.PROFANITY: profanity,
    }


@dataclass(frozen=True)
class Corpus:
    name: str
    folder: str
    langs: tuple[str, ...]
    licence: str
    commercial: bool
    reader: Callable[[Path], Iterator[Example]] = field(repr=False)

    def read(self, data_dir: Path) -> Iterator[Example]:
        return self.reader(data_dir / self.folder)


def _csv_rows(path: Path, **kwargs: object) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle, **kwargs)


def read_banpl(folder: Path) -> Iterator[Example]:
    """HATE-WAR-PL gives hate labels; BAN-PL's neutral posts are negatives, its banned posts are unused."""
    with zipfile.ZipFile(folder / "HATE-WAR-PL_1.zip") as archive:
        encrypted = archive.read("HATE-WAR-PL_1/BAN-PL_Hate-speech.xlsx", pwd=b"HATE-WAR-PL_1")
    office = msoffcrypto.OfficeFile(io.BytesIO(encrypted))
    office.load_key(password="HATE-WAR-PL_1")
    plain = io.BytesIO()
    office.decrypt(plain)
    sheet = openpyxl.load_workbook(plain, read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    for row in rows:
        record = dict(zip(header, row, strict=False))
        if record.get("Content") and record.get("Label") in {"HS", "W"}:
            yield Example(str(record["Content"]), "pl", "banpl_pl", "", labels(hate=int(record["Label"] == "HS")))
    with zipfile.ZipFile(folder / "BAN-PL_2.zip") as archive:
        text = archive.read("BAN-PL.csv", pwd=b"BAN-PL_2").decode("utf-8")
    for record in csv.DictReader(io.StringIO(text)):
        if record["Class"] == "0":
            yield Example(record["Text"], "pl", "banpl_pl", "", labels(hate=0))


def read_cold(folder: Path) -> Iterator[Example]:
    """Train/dev only say 'offensive'; the test file's fine labels separate group hate from personal abuse.

    Scores calibrated on the proxy label would be calibrated for the wrong question, so half of the
    official test file (by a hash of the text) is the calibration split and the other half the test.
    """
    for name in ("train.csv", "dev.csv"):
        for record in _csv_rows(folder / name):
            weight = 0.3 if record["topic"] == "region" else 1.0
            yield Example(record["TEXT"], "zh", "cold_zh", "train", labels(hate=int(record["label"])), weight,
                          proxy=True)
    fine_labels = {"0": labels(0, 0), "1": labels(0, 1), "2": labels(1), "3": labels(0, 0)}
    for record in _csv_rows(folder / "test.csv"):
        half = hashlib.sha256(record["TEXT"].encode("utf-8")).digest()[0] % 2
        split = "calib" if half else "test"
        yield Example(record["TEXT"], "zh", "cold_zh", split, fine_labels[record["fine-grained-label"]])


def read_davidson(folder: Path) -> Iterator[Example]:
    by_class = {"0": labels(hate=1), "1": labels(hate=0, profanity=1), "2": labels(0, 0, 0, 0)}
    for record in _csv_rows(folder / "labeled_data.csv"):
        yield Example(record["tweet"], "en", "davidson2017_en", "", by_class[record["class"]])


def read_edos(folder: Path) -> Iterator[Example]:
    """Strict binarisation: threats, derogation and systemic discrimination are hate; 3.x/4.1 are left out."""
    for record in _csv_rows(folder / "edos_labelled_aggregated.csv"):
        split = "test" if record["split"] == "test" else "train"
        if record["label_sexist"] == "not sexist":
            example_labels = labels(0, None, 0, None)
        elif record["label_category"].startswith(("1", "2")) or record["label_vector"].startswith("4.2"):
            example_labels = labels(1, None, int(record["label_category"].startswith("1")), None)
        else:
            continue
        yield Example(record["text"], "en", "edos_en", split, example_labels)


def read_ethos(folder: Path) -> Iterator[Example]:
    violent = {
        r["comment"]: float(r["violence"]) >= 0.5
        for r in _csv_rows(folder / "Ethos_Dataset_Multi_Label.csv", delimiter=";")
    }
    for record in _csv_rows(folder / "Ethos_Dataset_Binary.csv", delimiter=";"):
        hate = int(float(record["isHate"]) >= 0.5)
        threat = int(violent.get(record["comment"], False)) if hate else 0
        yield Example(record["comment"], "en", "ethos_en", "", labels(hate=hate, threat=threat))


def read_germeval(folder: Path) -> Iterator[Example]:
    """ABUSE ascribes a negative identity (closest to group hate); INSULT is personal; PROFANITY is swearing."""
    by_label = {
        "ABUSE": labels(hate=1),
        "INSULT": labels(hate=0, harassment=1),
        "PROFANITY": labels(hate=0, harassment=0, profanity=1),
        "OTHER": labels(0, 0, 0, 0),
    }
    for name, split in (("germeval2018.training.txt", "train"), ("germeval2018.test.txt", "test")):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            text, _coarse, fine = line.rsplit("\t", 2)
            yield Example(text.replace("|LBR|", "\n"), "de", "germeval2018_de", split, by_label[fine])


MLMA_PROTECTED_TARGETS = {"origin", "gender", "sexual_orientation", "religion", "disability"}


def read_mlma(folder: Path) -> Iterator[Example]:
    """Hateful + protected target is hate; single 'normal' is not; the many other mixes are left out."""
    for lang in ("en", "fr", "ar"):
        for record in _csv_rows(folder / f"{lang}_dataset.csv"):
            sentiment = record["sentiment"].split("_")
            if sentiment == ["normal"]:
                example_labels = labels(0, 0, 0, 0)
            elif "hateful" in sentiment and record["target"] in MLMA_PROTECTED_TARGETS:
                example_labels = labels(hate=1)
            else:
                continue
            yield Example(record["tweet"], lang, "mlma_en_fr_ar", "", example_labels)


def read_offendes(folder: Path) -> Iterator[Example]:
    by_label = {
        "OFG": labels(hate=1),
        "OFP": labels(hate=0, harassment=1),
        "NOE": labels(hate=0, harassment=0, profanity=1),
        "NO": labels(0, 0, 0, 0),
    }
    for name, split in (("training_set.tsv", "train"), ("dev_set.tsv", "train"), ("test_set.tsv", "test")):
        for record in _csv_rows(folder / name, delimiter="\t"):
            yield Example(record["comment"], "es", "offendes_es", split, by_label[record["label"]])


def read_pejorativity(folder: Path) -> Iterator[Example]:
    for record in _csv_rows(folder / "pejorativity.csv"):
        text = record["text"].replace("\\n", "\n")
        yield Example(text, "it", "pejorativity_it", "", labels(hate=int(record["misogyny"])))


def read_toldbr(folder: Path) -> Iterator[Example]:
    """Identity categories by majority vote are hate; a single identity vote is too noisy to use either way."""
    identity = ("homophobia", "racism", "misogyny", "xenophobia")
    for record in _csv_rows(folder / "ToLD-BR.csv"):
        votes = {k: int(float(v)) for k, v in record.items() if k != "text"}
        top = max(votes[k] for k in identity)
        hate = 1 if top >= 2 else 0 if top == 0 else None
        harassment = 1 if votes["insult"] >= 2 else 0 if votes["insult"] == 0 else None
        profanity = 1 if votes["obscene"] >= 2 else 0 if votes["obscene"] == 0 else None
        yield Example(record["text"], "pt", "toldbr_pt", "", labels(hate, harassment, None, profanity))


def read_toxigen(folder: Path) -> Iterator[Example]:
    for path in sorted((folder / "demonstrations").rglob("*.txt")):
        hate = int(path.name.startswith("hate_"))
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield Example(line.strip().lstrip("- "), "en", "toxigen_demos_en", "", labels(hate=hate))


def read_trac(folder: Path) -> Iterator[Example]:
    """Aggression is not hate: only 'non-aggressive' says anything about hate; overt aggression is abuse."""
    by_label = {"NAG": labels(0, 0, 0, None), "OAG": labels(None, 1, None, None)}
    for name, split in (("agr_hi_train.csv", "train"), ("agr_hi_dev.csv", "test")):
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for _id, text, label in csv.reader(handle):
                if label in by_label and text.strip():
                    yield Example(text, "hi", "trac1_hi", split, by_label[label])


CORPORA: tuple[Corpus, ...] = (
    Corpus("banpl_pl", "banpl_pl", ("pl",), "CC BY 4.0", True, read_banpl),
    Corpus("cold_zh", "cold_zh", ("zh",), "Apache-2.0", True, read_cold),
    Corpus("davidson2017_en", "davidson2017_en", ("en",), "MIT", True, read_davidson),
    Corpus("edos_en", "edos_en", ("en",), "CC0 1.0", True, read_edos),
    Corpus("ethos_en", "ethos_en", ("en",), "GPL-3.0", True, read_ethos),
    Corpus("germeval2018_de", "germeval2018_de", ("de",), "CC BY 4.0", True, read_germeval),
    Corpus("mlma_en_fr_ar", "mlma_en_fr_ar", ("en", "fr", "ar"), "MIT", True, read_mlma),
    Corpus("offendes_es", "offendes_es", ("es",), "CC BY-NC-SA 4.0", False, read_offendes),
    Corpus("pejorativity_it", "pejorativity_it", ("it",), "CC BY", True, read_pejorativity),
    Corpus("toldbr_pt", "toldbr_pt", ("pt",), "CC BY-SA 4.0", True, read_toldbr),
    Corpus("toxigen_demos_en", "toxigen_demos_en", ("en",), "CDLA-Permissive-2.0 (data), MIT (code)", True,
           read_toxigen),
    Corpus("trac1_hi", "trac1_hi", ("hi",), "CC BY-NC-SA 4.0", False, read_trac),
)


def corpora(commercial_only: bool = False) -> tuple[Corpus, ...]:
    return tuple(c for c in CORPORA if c.commercial or not commercial_only)
