"""The ``classify`` contract over JSON lines: one output line per input line, in order, in bounded memory.

Lines are read as bytes with a size cap, so a multi-gigabyte line or invalid UTF-8 becomes an error
object for that line instead of an exhausted machine or a crash. Posts are scored in small chunks for
speed; a chunk is written out before the next is read, which keeps memory flat for any input size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from townsquare.core.types import TextVerdict
from townsquare.signals.text_classifier.classifier import MAX_TEXT_CHARS, InputError, TextClassifier, canonical_lang

CHUNK = 256
MAX_LINE_BYTES = MAX_TEXT_CHARS * 4 + 4096
"""Room for the longest allowed text in 4-byte UTF-8 plus the id, lang and JSON syntax."""


@dataclass(frozen=True)
class Post:
    line: int
    id: str
    text: str
    lang: str | None


@dataclass(frozen=True)
class LineError:
    line: int
    code: str
    message: str
    id: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "line": self.line, "error": {"code": self.code, "message": self.message}}


def read_lines(stream: BinaryIO, max_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, raw bytes)``, or ``None`` for a line longer than ``max_bytes`` (skipped, not held)."""
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 16)
            yield number, None
            continue
        yield number, raw


def parse_line(number: int, raw: bytes | None) -> Post | LineError:
    if raw is None:
        return LineError(number, "line_too_long", f"line is over {MAX_LINE_BYTES} bytes")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return LineError(number, "invalid_utf8", f"line is not valid UTF-8 (byte {exc.start})")
    if not decoded.strip():
        return LineError(number, "empty_line", "line is empty; expected a JSON object")
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return LineError(number, "invalid_json", f"invalid JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(record, dict):
        return LineError(number, "not_an_object", "each line must be a JSON object")
    post_id = record.get("id")
    if not isinstance(post_id, str) or not post_id:
        return LineError(number, "invalid_id", "'id' must be a non-empty string")
    text, lang = record.get("text"), record.get("lang")
    if not isinstance(text, str):
        return LineError(number, "invalid_text", "'text' must be a string", post_id)
    if len(text) > MAX_TEXT_CHARS:
        return LineError(number, "text_too_long", f"'text' is over {MAX_TEXT_CHARS} characters", post_id)
    if lang is not None:
        if not isinstance(lang, str):
            return LineError(number, "invalid_lang", "'lang' must be a string", post_id)
        try:
            canonical_lang(lang)
        except InputError as exc:
            return LineError(number, "invalid_lang", str(exc), post_id)
    return Post(number, post_id, text, lang)


def classify_lines(
    classifier: TextClassifier, source: BinaryIO, threshold: float | None = None
) -> Iterator[tuple[Post, TextVerdict] | tuple[LineError, None]]:
    """Every line of ``source`` with its verdict (or its error), in input order, chunk by chunk."""
    pending: list[Post | LineError] = []

    def drain() -> Iterator[tuple[Post, TextVerdict] | tuple[LineError, None]]:
        posts = [p for p in pending if isinstance(p, Post)]
        verdicts = iter(classifier.classify_batch(((p.id, p.text, p.lang) for p in posts), threshold))
        for item in pending:
            yield (item, next(verdicts)) if isinstance(item, Post) else (item, None)
        pending.clear()

    for number, raw in read_lines(source):
        pending.append(parse_line(number, raw))
        if len(pending) >= CHUNK:
            yield from drain()
    yield from drain()


def classify_stream(
    classifier: TextClassifier, source: BinaryIO, sink: TextIO, threshold: float | None = None
) -> tuple[int, int]:
    """Classify every line of ``source`` into ``sink``; returns (verdicts written, errors written)."""
    written = errors = 0
    for item, verdict in classify_lines(classifier, source, threshold):
        if verdict is not None:
            sink.write(verdict.model_dump_json() + "\n")
            written += 1
        else:
            sink.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
            errors += 1
        if item.line % CHUNK == 0:
            sink.flush()
    sink.flush()
    return written, errors
