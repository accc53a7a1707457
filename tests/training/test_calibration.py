import numpy as np

from townsquare.training.corpora import Example, labels
from townsquare.training.dataset import assign_splits
from townsquare.training.metrics import ece_floor, expected_calibration_error
from townsquare.training.train import calibrate


def test_calibration_recovers_a_bent_probability_and_keeps_the_ranking() -> None:
    rng = np.random.default_rng(1)
    raw = rng.random(20_000)
    truth = raw**2  # over-confident model: a raw 0.5 is a 25% chance
    y = (rng.random(raw.size) < truth).astype(int)
    langs = ["xx"] * raw.size
    mapping = calibrate(raw, y, langs)["xx"]
    assert np.all(np.diff(mapping.y) >= 0)
    probe = np.array([0.2, 0.5, 0.8])
    assert np.allclose(mapping.apply(probe), probe**2, atol=0.03)


def test_a_small_language_is_shrunk_towards_the_pooled_map() -> None:
    rng = np.random.default_rng(2)
    raw = rng.random(5_000)
    y = (rng.random(raw.size) < raw).astype(int)
    langs = ["big"] * 4_940 + ["small"] * 60
    y[-60:] = 1  # a tiny language whose posts are nearly all positive, whatever the score
    y[-2:] = 0
    maps = calibrate(raw, y, langs)
    pooled, small = maps["*"].apply(np.array([0.1]))[0], maps["small"].apply(np.array([0.1]))[0]
    assert pooled < small < 0.9


def test_ece_floor_is_what_sampling_noise_alone_gives() -> None:
    rng = np.random.default_rng(3)
    few, many = rng.random(250), rng.random(50_000)
    assert ece_floor(few) > 0.03
    assert ece_floor(many) < 0.01
    exact = (rng.random(many.size) < many).astype(float)
    assert expected_calibration_error(exact, many) < 2 * ece_floor(many)


def test_proxy_labels_never_calibrate() -> None:
    examples = [
        Example(f"post number {i}", "zh", "cold_zh", "train", labels(hate=i % 2), proxy=True) for i in range(400)
    ]
    rows = assign_splits(examples)
    assert rows and {r.example.split for r in rows} == {"train"}
