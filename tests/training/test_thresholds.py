"""Choosing each language's cut: the suite's balanced bar on templates, macro-F1 on posts."""

import numpy as np

from townsquare.signals.text_classifier.artefact import Calibration
from townsquare.training.train import choose_thresholds

IDENTITY = {"*": Calibration((0.0, 1.0), (0.0, 1.0))}


def test_templates_alone_get_a_cut_that_serves_both_sides_however_many_cases_each_has() -> None:
    hateful = np.linspace(0.55, 0.95, 90)
    not_hateful = np.linspace(0.05, 0.45, 10)
    raw = np.concatenate([hateful, not_hateful])
    y = np.array([1] * 90 + [0] * 10)
    cut = choose_thresholds(raw, y, ["xx"] * 100, np.ones(100, dtype=bool), IDENTITY, 0.5)["xx"]
    assert 0.45 < cut <= 0.55


def test_posts_pull_the_cut_by_their_share() -> None:
    rng = np.random.default_rng(4)
    templates = np.concatenate([np.full(50, 0.35), np.full(50, 0.25)])
    template_y = np.array([1] * 50 + [0] * 50)
    posts = rng.random(2_000)
    post_y = (posts > 0.7).astype(int)
    raw, y = np.concatenate([templates, posts]), np.concatenate([template_y, post_y])
    synthetic = np.array([True] * 100 + [False] * 2_000)
    langs = ["xx"] * raw.size
    by_templates = choose_thresholds(raw, y, langs, synthetic, IDENTITY, 1.0)["xx"]
    by_posts = choose_thresholds(raw, y, langs, synthetic, IDENTITY, 0.0)["xx"]
    assert 0.25 < by_templates <= 0.35
    assert 0.65 <= by_posts <= 0.75
