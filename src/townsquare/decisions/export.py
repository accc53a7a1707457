"""Serialise statements of reasons for the DSA Transparency Database: JSON and CSV.

JSON is the body of ``POST /api/v1/statements`` (``{"statements": [...]}``, at most 100 per call,
hence :func:`batches`). CSV has one column per field in a fixed order, list fields joined by commas
(their values are enumeration codes, which never contain one).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from townsquare.decisions.statement import StatementOfReasons

#: The database accepts at most this many statements per multi-statement call.
API_BATCH_LIMIT = 100

CSV_COLUMNS: tuple[str, ...] = tuple(StatementOfReasons.model_fields)


def batches(statements: Iterable[StatementOfReasons], size: int = API_BATCH_LIMIT) -> Iterator[list[StatementOfReasons]]:
    """Split statements into API-sized calls."""
    if not 1 <= size <= API_BATCH_LIMIT:
        raise ValueError(f"batch size must be between 1 and {API_BATCH_LIMIT}")
    chunk: list[StatementOfReasons] = []
    for s in statements:
        chunk.append(s)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def to_json(statements: Iterable[StatementOfReasons]) -> str:
    """One ``{"statements": [...]}`` document."""
    return json.dumps({"statements": [s.to_api() for s in statements]}, ensure_ascii=False, indent=2)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def write_csv(statements: Iterable[StatementOfReasons], out: TextIO) -> int:
    """Write a header and one row per statement; returns the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for s in statements:
        data = s.model_dump(mode="json")
        writer.writerow([_cell(data.get(c)) for c in CSV_COLUMNS])
        n += 1
    return n


def to_csv(statements: Iterable[StatementOfReasons]) -> str:
    buf = io.StringIO()
    write_csv(statements, buf)
    return buf.getvalue()
