"""Choosing each language's cut: the suite's balanced bar on templates, macro-F1 on posts."""

import numpy as np

from townsquare.training.train import choose_thresholds


def test_templates_alone_get_a_cut_that_serves_both_sides_however_many_cases_each_has() -> None:
    hateful = np.linspace(0.55, 0.95, 90)
    not_hateful = np.linspace(0.05, 0.45, 10)
    raw = np.concatenate([hateful, not_hateful])
    y = np.array([1] * 90 + [0] * 10)
    cut = choose_thresholds(raw, y, ["xx"] * 100, np.ones(100, dtype=bool), 0.5)["xx"]
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
    by_templates = choose_thresholds(raw, y, langs, synthetic, 1.0)["xx"]
    by_posts = choose_thresholds(raw, y, langs, synthetic, 0.0)["xx"]
    assert 0.25 < by_templates <= 0.35
    assert 0.65 <= by_posts <= 0.75


def test_a_language_in_another_script_gets_its_own_cut_when_it_has_enough_rows() -> None:
    native = np.concatenate([np.full(60, 0.5), np.full(60, 0.3)])
    romanised = np.concatenate([np.full(60, 0.8), np.full(60, 0.6)])
    sparse = np.array([0.9, 0.1])
    scores = np.concatenate([native, romanised, sparse])
    y = np.array(([1] * 60 + [0] * 60) * 2 + [1, 0])
    varieties = ["hi"] * 120 + ["hi-Latn"] * 120 + ["ar-Latn"] * 2
    cuts = choose_thresholds(scores, y, varieties, np.ones(y.size, dtype=bool), 1.0)
    assert 0.3 < cuts["hi"] <= 0.5
    assert 0.6 < cuts["hi-Latn"] <= 0.8
    assert "ar-Latn" not in cuts


def test_a_cut_lands_on_a_plateau_rather_than_on_a_spike() -> None:
    # Only a cut of exactly .41 separates the 5 hateful posts at .41 from the 25 harmless ones just below;
    # every cut from .42 to .80 misses those 5 and is nearly as good, and lower cuts are much worse.
    scores = np.concatenate([np.full(100, 0.10), np.full(20, 0.38), np.full(5, 0.40), np.full(5, 0.41),
                             np.full(100, 0.80)])
    y = np.array([0] * 125 + [1] * 105)
    cut = choose_thresholds(scores, y, ["xx"] * y.size, np.zeros(y.size, dtype=bool), 0.0)["xx"]
    assert 0.41 < cut <= 0.80
