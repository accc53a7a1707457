"""How much of the hate head's own ranking each language adds back to the context network's."""

import numpy as np

from townsquare.training.train import choose_hate_head_shares


def _language(rng: np.random.Generator, head_informs_posts: bool) -> tuple[np.ndarray, ...]:
    """400 posts and 200 templates. The network reads the templates well; on posts it is weak where the head is
    strong (``head_informs_posts``) and strong where the head is noise."""
    post_y, template_y = (rng.random(400) < 0.3).astype(int), np.repeat([1, 0], 100)
    sign = 2 * post_y - 1
    if head_informs_posts:
        network, head = 0.5 * sign + rng.normal(0, 1, 400), 4 * sign + rng.normal(0, 1, 400)
    else:
        network, head = 3 * sign + rng.normal(0, 1, 400), rng.normal(0, 5, 400)
    return (np.concatenate([network, 3.0 * (2 * template_y - 1)]), np.concatenate([head, np.zeros(200)]),
            np.concatenate([post_y, template_y]), np.repeat([False, True], [400, 200]))


def test_a_language_takes_a_share_of_the_head_only_where_held_out_rows_gain_from_it() -> None:
    rng = np.random.default_rng(0)
    parts = [_language(rng, informs) for informs in (True, False)]
    network, head, y, synthetic = (np.concatenate(column) for column in zip(*parts, strict=True))
    langs = ["aa"] * 600 + ["bb"] * 600
    shares = choose_hate_head_shares(network, head, y, langs, langs, synthetic, 0.5)
    assert shares["aa"] > 0
    assert shares["bb"] == 0
    assert "*" in shares
