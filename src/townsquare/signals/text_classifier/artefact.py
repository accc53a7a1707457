"""The trained model on disk: plain JSON and a numpy array, checksummed, never a pickle.

A pickled model runs code when loaded; an artefact of arrays and JSON can only be wrong, and the
checksum and the self-description make a wrong one fail loudly at load time instead of scoring
garbage.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import expit

from townsquare.lexicons import lexicon_digest
from townsquare.signals.text_classifier.context import FEATURE_NAMES
from townsquare.signals.text_classifier.context_model import ContextModel
from townsquare.signals.text_classifier.features import FeatureConfig
from townsquare.signals.text_classifier.language_head import BITS, LanguageHead

FORMAT = "townsquare-text-classifier/4"
HEADS: tuple[str, ...] = ("hate", "harassment", "threat", "profanity", "roman_hindi", "hate_phrasing")
"""``hate_phrasing`` learns hate from the functional train templates alone: clean contrasts (negated,
denounced, reclaimed, positive) that the social-media corpora hardly contain."""
CONTENT_HEADS: tuple[int, ...] = (0, 1, 2, 3, 5)
"""The heads whose n-gram logits feed the context model that decides hate."""
HATE_CONTENT = CONTENT_HEADS.index(HEADS.index("hate"))
"""The hate head's column among the content heads' logits."""
WEIGHTS_FILE = "weights.npy"
LANGUAGE_WEIGHTS_FILE = "language_weights.npy"
MANIFEST_FILE = "model.json"


class ArtefactError(RuntimeError):
    """The model folder is missing, incomplete, tampered with or from another format."""


@dataclass(frozen=True)
class Calibration:
    """A strictly monotone map from raw probability to observed frequency (a beta or Platt fit, on a grid)."""

    x: tuple[float, ...]
    y: tuple[float, ...]

    def apply(self, raw: np.ndarray) -> np.ndarray:
        return np.interp(raw, self.x, self.y)


def calibrate_by_language(maps: dict[str, Calibration], langs: Sequence[str], raw: np.ndarray) -> np.ndarray:
    """Each raw score through its language's map, else the overall (``*``) one, else as it is."""
    out = raw.copy()
    lang_array = np.asarray(langs)
    for lang in set(langs):
        mapping = maps.get(lang) or maps.get("*")
        if mapping is not None:
            rows = lang_array == lang
            out[rows] = mapping.apply(raw[rows])
    return out


def hate_probabilities(
    model: ContextModel, shares: dict[str, float], content_logits: np.ndarray, context: np.ndarray,
    langs: Sequence[str],
) -> np.ndarray:
    """Raw (uncalibrated) hate probabilities: the context network's logit plus each language's share of the hate
    head's own."""
    share = np.asarray([shares.get(lang, shares["*"]) for lang in langs], dtype=np.float64)
    return expit(model.logits(content_logits, context) + share * content_logits[:, HATE_CONTENT])


@dataclass
class Artefact:
    version: str
    features: FeatureConfig
    ngram_weights: np.ndarray
    """(n_features, heads) float32, C-contiguous."""
    context_weights: np.ndarray
    """(len(FEATURE_NAMES), heads) float32."""
    intercepts: np.ndarray
    calibration: dict[str, dict[str, Calibration]]
    """head -> language (or ``*`` for all) -> map."""
    thresholds: dict[str, float]
    """variety (``hi-Latn``), language or ``*`` -> hate score at or above which a post is hateful."""
    context_model: ContextModel
    hate_head_shares: dict[str, float]
    """Language (or ``*``) -> how much of the hate head's own logit is added to the context network's.

    The hate head learns from real posts alone and ranks them better than the network, which must also fit
    the templates' contrasts; training chooses each language's share on held-out rows, as it chooses cuts."""
    language_head: LanguageHead
    card: dict[str, Any] = field(default_factory=dict)

    def threshold(self, variety: str) -> float:
        """The cut of a variety such as ``hi-Latn``, else of its language, else the overall one."""
        key = next((k for k in (variety, variety.split("-")[0]) if k in self.thresholds), "*")
        return self.thresholds[key]

    def hate_probabilities(self, content_logits: np.ndarray, context: np.ndarray, langs: Sequence[str]) -> np.ndarray:
        return hate_probabilities(self.context_model, self.hate_head_shares, content_logits, context, langs)

    def calibrate(self, head: str, langs: Sequence[str], raw: np.ndarray) -> np.ndarray:
        """``raw`` scores of ``head``, one per language in ``langs``, through their languages' maps."""
        return calibrate_by_language(self.calibration.get(head, {}), langs, raw)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        weights = np.vstack([self.ngram_weights, self.context_weights]).astype(np.float32)
        np.save(folder / WEIGHTS_FILE, weights, allow_pickle=False)
        np.save(folder / LANGUAGE_WEIGHTS_FILE, self.language_head.weights, allow_pickle=False)
        manifest = {
            "format": FORMAT,
            "version": self.version,
            "heads": list(HEADS),
            "features": self.features.to_dict(),
            "context_features": list(FEATURE_NAMES),
            "lexicons": lexicon_digest(),
            "intercepts": [float(v) for v in self.intercepts],
            "calibration": {
                head: {lang: {"x": list(c.x), "y": list(c.y)} for lang, c in maps.items()}
                for head, maps in self.calibration.items()
            },
            "thresholds": self.thresholds,
            "context_model": self.context_model.to_dict(),
            "hate_head_shares": self.hate_head_shares,
            "weights_sha256": _sha256(folder / WEIGHTS_FILE),
            "language_head": {
                "languages": list(self.language_head.languages),
                "intercepts": [float(v) for v in self.language_head.intercepts],
                "weights_sha256": _sha256(folder / LANGUAGE_WEIGHTS_FILE),
            },
            "card": self.card,
        }
        (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Artefact:
        manifest_path, weights_path = folder / MANIFEST_FILE, folder / WEIGHTS_FILE
        if not all(p.is_file() for p in (manifest_path, weights_path, folder / LANGUAGE_WEIGHTS_FILE)):
            raise ArtefactError(f"no trained model in {folder}: run `townsquare train` first")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise ArtefactError(f"{folder}: format {manifest.get('format')!r}, expected {FORMAT!r}")
        if tuple(manifest["heads"]) != HEADS or tuple(manifest["context_features"]) != FEATURE_NAMES:
            raise ArtefactError(f"{folder}: trained with other heads or context features; retrain")
        if manifest.get("lexicons") != lexicon_digest():
            raise ArtefactError(f"{folder}: trained with other lexicons than src/townsquare/lexicons/data; retrain")
        if _sha256(weights_path) != manifest["weights_sha256"]:
            raise ArtefactError(f"{folder}: {WEIGHTS_FILE} does not match its checksum")
        language_head = _load_language_head(folder, manifest["language_head"])
        features = FeatureConfig(**manifest["features"])
        weights = np.load(weights_path, allow_pickle=False)
        if "*" not in manifest.get("thresholds", {}) or "*" not in manifest.get("hate_head_shares", {}):
            raise ArtefactError(f"{folder}: the manifest has no default threshold or hate head share")
        if weights.shape != (features.n_features + len(FEATURE_NAMES), len(HEADS)):
            raise ArtefactError(f"{folder}: weights have shape {weights.shape}, not what the manifest says")
        return cls(
            version=manifest["version"],
            features=features,
            ngram_weights=np.ascontiguousarray(weights[: features.n_features]),
            context_weights=np.ascontiguousarray(weights[features.n_features :]),
            intercepts=np.asarray(manifest["intercepts"], dtype=np.float32),
            calibration={
                head: {lang: Calibration(tuple(c["x"]), tuple(c["y"])) for lang, c in maps.items()}
                for head, maps in manifest["calibration"].items()
            },
            thresholds={k: float(v) for k, v in manifest["thresholds"].items()},
            context_model=ContextModel.from_dict(manifest["context_model"]),
            hate_head_shares={k: float(v) for k, v in manifest["hate_head_shares"].items()},
            language_head=language_head,
            card=manifest.get("card", {}),
        )


def _load_language_head(folder: Path, described: dict[str, Any]) -> LanguageHead:
    path = folder / LANGUAGE_WEIGHTS_FILE
    if _sha256(path) != described["weights_sha256"]:
        raise ArtefactError(f"{folder}: {LANGUAGE_WEIGHTS_FILE} does not match its checksum")
    weights = np.load(path, allow_pickle=False)
    languages = tuple(described["languages"])
    if weights.shape != (1 << BITS, len(languages)) or len(described["intercepts"]) != len(languages):
        raise ArtefactError(f"{folder}: the language head has shape {weights.shape}, not what the manifest says")
    return LanguageHead(languages, np.ascontiguousarray(weights, dtype=np.float32),
                        np.asarray(described["intercepts"], dtype=np.float32))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
