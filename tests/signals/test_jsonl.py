import io
import json
import os
import subprocess
import sys
from pathlib import Path

from townsquare.signals.text_classifier.classifier import MAX_TEXT_CHARS, TextClassifier
from townsquare.signals.text_classifier.jsonl import MAX_LINE_BYTES, classify_stream


def run(classifier: TextClassifier, payload: bytes) -> list[dict]:
    sink = io.StringIO()
    classify_stream(classifier, io.BytesIO(payload), sink)
    return [json.loads(line) for line in sink.getvalue().splitlines()]


def test_one_output_per_input_in_order_with_errors_in_place(small_classifier: TextClassifier) -> None:
    lines = [
        b'{"id": "1", "text": "hello there", "lang": "en"}',
        b"{not json",
        b'{"id": "3"}',
        b'{"id": "4", "text": 42}',
        b'{"id": "5", "text": "caf\xe9"}',
        b"",
        b'["id", "text"]',
        b'{"id": "8", "text": "ok", "lang": 7}',
        b'{"id": "9", "text": "' + b"x" * (MAX_TEXT_CHARS + 1) + b'"}',
        b'{"text": "no id"}',
        b'{"id": "11", "text": "last one", "extra": {"ignored": true}}',
    ]
    out = run(small_classifier, b"\n".join(lines) + b"\n")
    assert len(out) == len(lines)
    codes = [o.get("error", {}).get("code") for o in out]
    assert codes == [None, "invalid_json", "invalid_text", "invalid_text", "invalid_utf8", "empty_line",
                     "not_an_object", "invalid_lang", "text_too_long", "invalid_id", None]
    assert out[0]["id"] == "1" and "score" in out[0]
    assert out[2]["id"] == "3" and out[2]["line"] == 3
    assert out[10]["id"] == "11"


def test_a_huge_line_is_an_error_not_a_crash(small_classifier: TextClassifier) -> None:
    huge = b'{"id": "big", "text": "' + b"y" * (MAX_LINE_BYTES * 2) + b'"}\n'
    out = run(small_classifier, huge + b'{"id": "after", "text": "still here"}\n')
    assert out[0]["error"]["code"] == "line_too_long"
    assert out[1]["id"] == "after"


def test_last_line_without_newline_is_read(small_classifier: TextClassifier) -> None:
    out = run(small_classifier, b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}')
    assert [o["id"] for o in out] == ["a", "b"]


def test_cli_streams_before_input_ends(trained_model_dir: Path) -> None:
    """A consumer gets verdicts while the producer is still writing: the contract is streaming."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "townsquare.cli", "classify", "--model-dir", str(trained_model_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    assert proc.stdin and proc.stdout
    for i in range(300):
        proc.stdin.write(json.dumps({"id": str(i), "text": f"post number {i}"}).encode() + b"\n")
    proc.stdin.flush()
    first = json.loads(proc.stdout.readline())
    assert first["id"] == "0"
    proc.stdin.close()
    rest = [json.loads(line) for line in proc.stdout]
    assert [r["id"] for r in rest] == [str(i) for i in range(1, 300)]
    assert proc.wait(timeout=60) == 0
    assert b"classified 300 post(s), 0 error line(s)" in proc.stderr.read()


def test_cli_reads_a_file(trained_model_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"id": "1", "text": "Bonjour"}\n\xff\xfe\n')
    result = subprocess.run(
        [sys.executable, "-m", "townsquare.cli", "classify", str(source), "--model-dir", str(trained_model_dir)],
        capture_output=True, check=True,
    )
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0]["lang"] == "fr"
    assert out[1]["error"]["code"] == "invalid_utf8"
