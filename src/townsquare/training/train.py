"""``townsquare train``: fit every head on the corpora and train templates, calibrate, write the artefact.

Reproducible by construction: splits come from content hashes, the optimiser has a fixed seed and
runs single-threaded, and the model version is derived from the weights themselves.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.special import expit, logit
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.neural_network import MLPClassifier

from townsquare.signals.text_classifier.artefact import (
    CONTENT_HEADS,
    HATE_CONTENT,
    HEADS,
    Artefact,
    Calibration,
    calibrate_by_language,
    hate_probabilities,
)
from townsquare.signals.text_classifier.context import FEATURE_NAMES
from townsquare.signals.text_classifier.context_model import ContextModel, inputs
from townsquare.signals.text_classifier.features import FeatureConfig
from townsquare.text.langid import writing_variety
from townsquare.training.corpora import Corpus, corpora
from townsquare.training.dataset import TEMPLATE_DATASET, Row, build_rows, label_of
from townsquare.training.features import design_matrix
from townsquare.training.language_head import fit_language_head, language_check
from townsquare.training.metrics import macro_f1

MIN_CALIBRATION_ROWS = 50
CALIBRATION_PRIOR_ROWS = 50.0
CALIBRATION_POINTS = 200
CALIBRATION_LOGIT_RANGE = 12.0
THRESHOLD_GRID = np.round(np.arange(0.02, 0.96, 0.01), 2)
THRESHOLD_SMOOTHING = 4
"""Grid steps on each side over which a cut's quality is averaged before the best is taken. A language's
held-out posts are a few hundred at most, so quality along the grid is jagged: unsmoothed, the Italian cut
jumped between .32 and .42 from one training to the next, and pejorativity's macro-F1 with it (.62 / .51)."""
FOLDS = 3
POST_HEADS: tuple[str, ...] = ("hate",)
"""Heads fitted on corpus posts alone. The templates' contrasts (negated, denounced, reclaimed) are
``hate_phrasing``'s to learn, and the context network weighs both heads. Fitted on templates as well, the
hate head's words ranked real posts worse: held-out banpl ROC AUC .80 against .93 on posts alone."""
HATE_HEAD_SHARES: tuple[float, ...] = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
"""Shares of the hate head's logit tried for each language (see ``Artefact.hate_head_shares``). The context
network ranks held-out posts worse than the hate head alone (ROC AUC over eleven corpora .774 against .797),
as it must also fit the templates; where held-out rows say so, part of the head's ranking is added back."""
CONTEXT_HIDDEN = 32
CONTEXT_SEEDS = 5
CONTEXT_MAX_ITER = 500
"""Epochs for each context network: at 200 the optimiser stopped before converging; at 500 it converges."""


@dataclass(frozen=True)
class TrainOptions:
    data_dir: Path
    out_dir: Path
    commercial_only: bool = False
    features: FeatureConfig = FeatureConfig()
    epochs: int = 12
    alpha: float = 2e-6
    template_weight: float = 4.0
    context_template_weight: float = 4.0
    """Template weight for the context network, which learns framing (negation, counter-speech) from them."""
    limit_per_corpus: int | None = None
    """Keep at most this many rows of each corpus (for quick test runs); ``None`` keeps all."""
    threshold_template_share: float = 0.5
    """Weight of the held-out templates' balanced accuracy (against the held-out posts' macro-F1) when choosing
    each language's threshold."""
    templates_dir: Path | None = None
    """Functional templates to train on; ``None`` means the repository's ``data/functional``."""


Log = Callable[[str], None]


def sample_weights(rows: Sequence[Row], labels: np.ndarray, template_weight: float) -> np.ndarray:
    """Weigh languages and classes so that no language and no class is drowned by the big corpora.

    Square-root damping keeps tiny languages from being weighted into noise: a language with a
    hundredth of the data gets a tenth of the pull per row... times a hundred rows, not the same pull.
    """
    langs = [r.example.lang for r in rows]
    counts = Counter(zip(langs, labels.tolist(), strict=True))
    per_lang = Counter(langs)
    mean = np.mean(list(per_lang.values()))
    weights = np.empty(len(rows), dtype=np.float64)
    for i, (row, label) in enumerate(zip(rows, labels.tolist(), strict=True)):
        lang = row.example.lang
        lang_factor = np.sqrt(mean / per_lang[lang])
        class_factor = np.sqrt(per_lang[lang] / (2 * counts[lang, label]))
        source = template_weight if row.is_template else 1.0
        weights[i] = lang_factor * class_factor * source * row.example.weight
    return weights * (len(rows) / weights.sum())


def fit_head(
    ngrams: sp.csr_matrix, context: np.ndarray, labels: np.ndarray, weights: np.ndarray, options: TrainOptions,
    use_context: bool,
) -> tuple[np.ndarray, np.ndarray, float]:
    features = sp.hstack([ngrams, sp.csr_matrix(context)], format="csr") if use_context else ngrams
    model = SGDClassifier(
        loss="log_loss",
        penalty="l2",
        alpha=options.alpha,
        max_iter=options.epochs,
        tol=None,
        random_state=0,
        learning_rate="optimal",
        average=True,
    )
    model.fit(features, labels, sample_weight=weights)
    coef = model.coef_.ravel().astype(np.float32)
    n = options.features.n_features
    context_coef = coef[n:] if use_context else np.zeros(context.shape[1], dtype=np.float32)
    return coef[:n], context_coef, float(model.intercept_[0])


def calibrate(raw: np.ndarray, labels: np.ndarray, langs: Sequence[str]) -> dict[str, Calibration]:
    """Per language with calibration posts of both classes, and one overall: beta calibration.

    Only real posts calibrate: a probability should describe posts, not the project's templates. The
    map is a logistic regression on ln(p) and ln(1 - p) (Kull et al., 2017): monotone, so unlike
    isotonic regression it keeps the model's ranking (isotonic plateaus once tied almost every Spanish
    score), yet unlike Platt scaling it can bend differently at the two ends, which Chinese needed.
    Languages with few posts (Italian, French, Arabic: a hundred or two) are shrunk towards the pooled
    map: the pooled posts join their fit with the weight of ``CALIBRATION_PRIOR_ROWS`` posts in all,
    so a small language gets its own base rate without being fitted to noise.
    """
    maps: dict[str, Calibration] = {}
    grid = expit(np.linspace(-CALIBRATION_LOGIT_RANGE, CALIBRATION_LOGIT_RANGE, CALIBRATION_POINTS))
    everyone = np.arange(len(labels))
    for lang, index in _by_language(langs).items():
        y = labels[index]
        if len(index) < MIN_CALIBRATION_ROWS or y.min() == y.max():
            continue
        rows, weights = index, np.ones(len(index))
        if lang != "*":
            rows = np.concatenate([index, everyone])
            weights = np.concatenate([weights, np.full(len(everyone), CALIBRATION_PRIOR_ROWS / len(everyone))])
        values = _beta_map(raw[rows], labels[rows], weights, grid)
        maps[lang] = Calibration(tuple(float(x) for x in grid), tuple(float(v) for v in values))
    return maps


def _beta_map(raw: np.ndarray, labels: np.ndarray, weights: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """The calibrated value of each grid point; Platt scaling where the beta map would not be monotone."""
    def design(p: np.ndarray) -> np.ndarray:
        p = np.clip(p, 1e-6, 1 - 1e-6)
        return np.column_stack([np.log(p), -np.log1p(-p)])

    beta = LogisticRegression(C=1e4).fit(design(raw), labels, sample_weight=weights)
    if (beta.coef_ >= 0).all():
        return beta.predict_proba(design(grid))[:, 1]
    platt = LogisticRegression(C=1e4).fit(logit(np.clip(raw, 1e-6, 1 - 1e-6))[:, None], labels, sample_weight=weights)
    return platt.predict_proba(logit(grid)[:, None])[:, 1]


def _by_language(langs: Sequence[str]) -> dict[str, np.ndarray]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, lang in enumerate(langs):
        groups[lang].append(i)
    groups["*"] = list(range(len(langs)))
    return {k: np.asarray(v, dtype=np.int64) for k, v in groups.items()}


def choose_thresholds(
    calibrated: np.ndarray,
    labels: np.ndarray,
    varieties: Sequence[str],
    synthetic: np.ndarray,
    template_share: float,
) -> dict[str, float]:
    """Per variety (``fr``, or ``hi-Latn`` for a language in another script), the calibrated score that does
    best on held-out templates and held-out posts together, its quality averaged with that of its neighbours.

    Templates are judged by the functional suite's own bar, the lower of the accuracies on hateful and on
    non-hateful cases, so a cut cannot buy one side with the other. Posts are judged by macro-F1, which
    respects each corpus' base rate (1% hate in one, 35% in another). ``template_share`` weighs the two;
    a language with only one kind is judged by that kind alone. A variety with fewer than
    ``MIN_CALIBRATION_ROWS`` rows gets no cut of its own and falls back to its language's.
    """
    qualities = _cut_qualities(calibrated, labels, varieties, synthetic, template_share)
    return {key: float(THRESHOLD_GRID[int(np.argmax(quality))]) for key, quality in qualities.items()}


def choose_hate_head_shares(
    network_logits: np.ndarray,
    head_logits: np.ndarray,
    labels: np.ndarray,
    langs: Sequence[str],
    varieties: Sequence[str],
    synthetic: np.ndarray,
    template_share: float,
) -> dict[str, float]:
    """Per language (and ``*``), the share of the hate head's logit to add to the context network's.

    Each share in ``HATE_HEAD_SHARES`` is calibrated on the held-out posts and judged as cuts are: by the
    quality of its best cut, averaged over the language's varieties. Ties go to the smaller share.
    """
    posts = ~synthetic
    post_langs = [lang for lang, post in zip(langs, posts, strict=True) if post]
    best: dict[str, tuple[float, float]] = {}
    for share in HATE_HEAD_SHARES:
        raw = expit(network_logits + share * head_logits)
        calibrated = calibrate_by_language(calibrate(raw[posts], labels[posts], post_langs), langs, raw)
        qualities = _cut_qualities(calibrated, labels, varieties, synthetic, template_share)
        by_language: dict[str, list[float]] = defaultdict(list)
        for key, quality in qualities.items():
            by_language[key.split("-")[0]].append(float(quality.max()))
        for lang, values in by_language.items():
            if lang not in best or np.mean(values) > best[lang][1]:
                best[lang] = (share, float(np.mean(values)))
    return {lang: share for lang, (share, _) in best.items()}


def _cut_qualities(
    calibrated: np.ndarray, labels: np.ndarray, varieties: Sequence[str], synthetic: np.ndarray, template_share: float
) -> dict[str, np.ndarray]:
    """Per variety with enough rows, the smoothed quality of every cut in ``THRESHOLD_GRID``."""
    qualities = {}
    for key, index in _by_language(varieties).items():
        if len(index) < MIN_CALIBRATION_ROWS and key != "*":
            continue
        y, is_template, scores = labels[index].astype(bool), synthetic[index], calibrated[index]
        quality = np.asarray([_cut_quality(scores >= t, y, is_template, template_share) for t in THRESHOLD_GRID])
        qualities[key] = _smoothed(quality, THRESHOLD_SMOOTHING)
    return qualities


def _smoothed(values: np.ndarray, half_width: int) -> np.ndarray:
    """Moving average over ``half_width`` neighbours on each side, the ends repeated."""
    window = np.ones(2 * half_width + 1) / (2 * half_width + 1)
    return np.convolve(np.pad(values, half_width, mode="edge"), window, mode="valid")


def _cut_quality(pred: np.ndarray, y: np.ndarray, is_template: np.ndarray, template_share: float) -> float:
    parts: list[tuple[float, float]] = []
    templates, posts = y[is_template], y[~is_template]
    if templates.any() and not templates.all():
        flagged = pred[is_template]
        parts.append((template_share, min(flagged[templates].mean(), 1.0 - flagged[~templates].mean())))
    if posts.any() and not posts.all():
        parts.append((1.0 - template_share, macro_f1(posts, pred[~is_template])))
    total = sum(weight for weight, _ in parts)
    return sum(weight * value for weight, value in parts) / total if total else 0.0


def train(options: TrainOptions, log: Log = print) -> Artefact:
    started = time.perf_counter()
    chosen = corpora(commercial_only=options.commercial_only)
    rows = build_rows(_limited(chosen, options.limit_per_corpus), options.data_dir, options.templates_dir)
    log(f"{len(rows):,} rows after de-duplication ({Counter(r.example.split for r in rows)})")
    fit_rows = [r for r in rows if r.example.split == "train"]
    calib_rows = [r for r in rows if r.example.split == "calib"]
    ngrams, context = design_matrix(fit_rows, options.features)
    calib_ngrams, calib_context = design_matrix(calib_rows, options.features)
    log(f"features built in {time.perf_counter() - started:.0f}s: {ngrams.shape[0]:,} x {ngrams.shape[1]:,}")
    n_weights = np.zeros((options.features.n_features, len(HEADS)), dtype=np.float32)
    c_weights = np.zeros((len(FEATURE_NAMES), len(HEADS)), dtype=np.float32)
    intercepts = np.zeros(len(HEADS), dtype=np.float32)
    folds = np.asarray([_fold(r) for r in fit_rows])
    out_of_fold = np.zeros((len(fit_rows), len(CONTENT_HEADS)))
    for h, head in enumerate(HEADS):
        # Hate's context is the context model's job; the other heads take their context linearly.
        use_context = head not in ("hate", "roman_hindi", "hate_phrasing")
        index, labels = head_rows(fit_rows, head)
        weights = sample_weights([fit_rows[i] for i in index], labels, options.template_weight)
        n_weights[:, h], c_weights[:, h], intercepts[h] = fit_head(
            ngrams[index], context[index], labels, weights, options, use_context
        )
        if h in CONTENT_HEADS:
            column = CONTENT_HEADS.index(h)
            for fold in range(FOLDS):
                inside = folds[index] != fold
                coef, _, bias = fit_head(ngrams[index[inside]], context[index[inside]], labels[inside],
                                         weights[inside], options, use_context)
                out_of_fold[folds == fold, column] = ngrams[folds == fold] @ coef + bias
        log(f"head {head}: {len(index):,} rows, {int(labels.sum()):,} positive")
    language_head = fit_language_head(fit_rows, ngrams, options.features.n_bits)
    checked = language_check(language_head, calib_rows, calib_ngrams, options.features.n_bits)
    log(f"language head on held-out Latin-script rows: {checked}")
    hate_index, hate_labels = _labelled(fit_rows, "hate")
    context_model = fit_context_model(
        out_of_fold[hate_index], context[hate_index], hate_labels,
        sample_weights([fit_rows[i] for i in hate_index], hate_labels, options.context_template_weight),
    )
    calib_content = calib_ngrams @ n_weights[:, CONTENT_HEADS] + intercepts[list(CONTENT_HEADS)]
    calib_raw = expit(calib_ngrams @ n_weights + calib_context @ c_weights + intercepts)
    c_index, c_labels = _labelled(calib_rows, "hate")
    c_langs = [calib_rows[i].example.lang for i in c_index]
    varieties = [writing_variety(calib_rows[i].example.lang, calib_rows[i].key) for i in c_index]
    synthetic = np.asarray([calib_rows[i].is_template for i in c_index], dtype=bool)
    shares = choose_hate_head_shares(
        context_model.logits(calib_content[c_index], calib_context[c_index]), calib_content[c_index, HATE_CONTENT],
        c_labels, c_langs, varieties, synthetic, options.threshold_template_share,
    )
    log(f"hate head shares {shares}")
    calib_raw[:, HEADS.index("hate")] = hate_probabilities(
        context_model, shares, calib_content, calib_context, [r.example.lang for r in calib_rows]
    )
    calibration: dict[str, dict[str, Calibration]] = {}
    for h, head in enumerate(HEADS):
        index, labels = _labelled(calib_rows, head)
        posts = np.asarray([not calib_rows[i].is_template for i in index], dtype=bool)
        calibration[head] = calibrate(
            calib_raw[index[posts], h], labels[posts], [calib_rows[i].example.lang for i in index[posts]]
        )
    thresholds = choose_thresholds(
        calibrate_by_language(calibration["hate"], c_langs, calib_raw[c_index, HEADS.index("hate")]), c_labels,
        varieties, synthetic, options.threshold_template_share,
    )
    log(f"calibrated; thresholds {thresholds}")
    artefact = Artefact(
        version=_version(
            [n_weights, c_weights, intercepts, context_model.hidden_weights, context_model.output_weights,
             language_head.weights, language_head.intercepts],
            {"calibration": calibration, "thresholds": thresholds, "shares": shares,
             "features": options.features.to_dict()},
        ),
        features=options.features,
        ngram_weights=n_weights,
        context_weights=c_weights,
        intercepts=intercepts,
        calibration=calibration,
        thresholds=thresholds,
        context_model=context_model,
        hate_head_shares=shares,
        language_head=language_head,
        card=_card(chosen, rows, options, checked),
    )
    artefact.save(options.out_dir)
    log(f"model {artefact.version} written to {options.out_dir} in {time.perf_counter() - started:.0f}s")
    return artefact


def fit_context_model(
    content_logits: np.ndarray, context: np.ndarray, labels: np.ndarray, weights: np.ndarray
) -> ContextModel:
    """Fit the hate decision on out-of-fold content logits, i.e. on logits like those of unseen posts.

    ``CONTEXT_SEEDS`` networks from different starting points are averaged in logit space, which is one
    wider network (their hidden units side by side, output weights divided by their number): a single
    network's verdict on a borderline sentence frame depends on its random start more than on the data.
    """
    features = inputs(content_logits, context)
    networks = [
        MLPClassifier(
            hidden_layer_sizes=(CONTEXT_HIDDEN,), alpha=1e-3, max_iter=CONTEXT_MAX_ITER, random_state=seed
        ).fit(features, labels, sample_weight=weights)
        for seed in range(CONTEXT_SEEDS)
    ]
    return ContextModel(
        hidden_weights=np.hstack([n.coefs_[0] for n in networks]),
        hidden_bias=np.concatenate([n.intercepts_[0] for n in networks]),
        output_weights=np.concatenate([n.coefs_[1].ravel() for n in networks]) / len(networks),
        output_bias=float(np.mean([n.intercepts_[1][0] for n in networks])),
    )


def _fold(row: Row) -> int:
    """Rows of one template share a fold, so out-of-fold logits are those of unseen templates."""
    return int.from_bytes(hashlib.sha256((row.example.group or row.key).encode("utf-8")).digest()[:2], "big") % FOLDS


def head_rows(rows: Sequence[Row], head: str) -> tuple[np.ndarray, np.ndarray]:
    """The rows (indices into ``rows``) a head's n-gram weights are fitted on, and their labels."""
    index, labels = _labelled(rows, head)
    if head not in POST_HEADS:
        return index, labels
    posts = np.asarray([not rows[i].is_template for i in index], dtype=bool)
    return index[posts], labels[posts]


def _labelled(rows: Sequence[Row], head: str) -> tuple[np.ndarray, np.ndarray]:
    pairs = [(i, label_of(r, head)) for i, r in enumerate(rows)]
    kept = [(i, y) for i, y in pairs if y is not None]
    return np.asarray([i for i, _ in kept], dtype=np.int64), np.asarray([y for _, y in kept], dtype=np.int64)


def _limited(chosen: Sequence[Corpus], limit: int | None) -> list[Corpus]:
    if limit is None:
        return list(chosen)

    def cap(corpus: Corpus) -> Corpus:
        def reader(folder: Path):  # noqa: ANN202 - same shape as Corpus.reader
            for i, example in enumerate(corpus.reader(folder)):
                if i >= limit:
                    return
                yield example

        return Corpus(corpus.name, corpus.folder, corpus.langs, corpus.licence, corpus.commercial, reader)

    return [cap(c) for c in chosen]


def _version(arrays: Sequence[np.ndarray], settings: object) -> str:
    """A name derived from everything that decides a score: weights, calibration and thresholds."""
    digest = hashlib.sha256()
    for array in arrays:
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(json.dumps(settings, sort_keys=True, default=repr).encode("utf-8"))
    return f"text-{digest.hexdigest()[:12]}"


def _card(
    chosen: Sequence[Corpus], rows: Sequence[Row], options: TrainOptions, head_check: dict[str, float]
) -> dict[str, object]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts[row.example.dataset][row.example.split] += 1
    return {
        "commercial_only": options.commercial_only,
        "datasets": [
            {"name": c.name, "languages": list(c.langs), "licence": c.licence, "commercial_use": c.commercial,
             "rows": dict(counts[c.name])}
            for c in chosen
        ] + [{"name": TEMPLATE_DATASET, "languages": "all", "licence": "townsquare (Apache-2.0)",
              "commercial_use": True, "rows": dict(counts[TEMPLATE_DATASET])}],
        "training": json.loads(json.dumps({
            "features": options.features.to_dict(), "epochs": options.epochs, "alpha": options.alpha,
            "template_weight": options.template_weight, "limit_per_corpus": options.limit_per_corpus,
        })),
        "language_head": head_check,
    }
