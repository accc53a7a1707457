"""Render evaluations as terminal tables and as the model card, so both always show the same numbers."""

from __future__ import annotations

import math
from collections.abc import Mapping

from rich.table import Table

from townsquare.training.evaluate import CorpusEvaluation, FunctionalEvaluation
from townsquare.training.metrics import BinaryReport

METRIC_COLUMNS = ("n", "positives", "precision", "recall", "macro_f1", "baseline_macro_f1", "ece", "ece_floor")


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{value:.3f}"
    return "-" if value is None else str(value)


def metric_rows(reports: Mapping[str, BinaryReport]) -> list[list[str]]:
    return [[name, *(_fmt(getattr(r, c)) for c in METRIC_COLUMNS)] for name, r in reports.items()]


def corpus_tables(evaluation: CorpusEvaluation) -> list[Table]:
    tables = []
    for title, reports in (("held-out corpus splits, by dataset", evaluation.by_dataset),
                           ("held-out corpus splits, by language", evaluation.by_language)):
        table = Table(title=f"{title} (hate, at each language's threshold)")
        for column in ("", *METRIC_COLUMNS):
            table.add_column(column, justify="left" if not column else "right")
        for row in metric_rows(reports):
            table.add_row(*row)
        tables.append(table)
    return tables


def functional_grid(evaluation: FunctionalEvaluation) -> tuple[list[str], list[list[str]]]:
    grid = evaluation.table()
    langs = sorted({lang for row in grid.values() for lang in row})
    return langs, [[func, *(_fmt(grid[func].get(lang, float("nan"))) for lang in langs)] for func in grid]


def functional_table(evaluation: FunctionalEvaluation) -> Table:
    """Languages as columns keep the table narrow enough for a terminal (16 rows, 12 columns)."""
    langs, rows = functional_grid(evaluation)
    table = Table(title=f"functional suite accuracy ({len(evaluation.cases)} test cases)", pad_edge=False)
    table.add_column("functionality", no_wrap=True)
    for lang in langs:
        table.add_column(lang, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*(cell.replace("0.", ".", 1) if cell.startswith("0.") else cell for cell in row))
    return table


SIDES_HEADER = ["language", "hateful", "95% interval", "templates", "non-hateful", "95% interval", "templates"]


def sides_grid(evaluation: FunctionalEvaluation) -> list[list[str]]:
    """Per language, the two accuracies the bar is on, each with its template-clustered interval."""
    return [
        [lang, *(cell for side in (sides["hateful"], sides["non_hateful"])
                 for cell in (_fmt(side.accuracy), f"{_fmt(side.low)}-{_fmt(side.high)}", str(side.templates)))]
        for lang, sides in evaluation.sides().items()
    ]


def sides_table(evaluation: FunctionalEvaluation) -> Table:
    table = Table(title="functional suite, hateful and non-hateful cases (95% intervals resample templates)")
    for column in SIDES_HEADER:
        table.add_column(column, justify="left" if column == "language" else "right", no_wrap=True)
    for row in sides_grid(evaluation):
        table.add_row(*row)
    return table


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
