"""The suite's two per-language accuracies and their intervals, which resample templates, not cases."""

import math

from townsquare.functional.templates import Case
from townsquare.training.evaluate import FunctionalEvaluation


def _cases(template_id: str, hateful: bool, right: bool, n: int = 50) -> list[tuple[Case, bool, float]]:
    case = Case(f"text {template_id}", "xx", "slur", hateful, "test", template_id)
    return [(case, hateful == right, 0.5)] * n


def test_cases_of_one_template_count_as_one_draw_in_the_interval() -> None:
    # Three templates right and three wrong, fifty cases each: over 300 independent cases the interval would
    # be about .44-.56; over six templates it is much wider.
    scored = [row for i in range(6) for row in _cases(f"xx-t{i}", hateful=True, right=i < 3)]
    side = FunctionalEvaluation(scored).sides()["xx"]["hateful"]
    assert side.accuracy == 0.5
    assert side.templates == 6
    assert side.low <= 0.2 and side.high >= 0.8


def test_a_side_without_cases_is_reported_as_unknown_and_a_perfect_one_as_certain() -> None:
    sides = FunctionalEvaluation(_cases("xx-t0", hateful=True, right=True)).sides()["xx"]
    assert (sides["hateful"].low, sides["hateful"].high) == (1.0, 1.0)
    assert sides["non_hateful"].templates == 0
    assert math.isnan(sides["non_hateful"].accuracy)
