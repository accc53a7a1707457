import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "stream.jsonl"


def test_moderate_summarises_the_sample_stream(trained_model_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "verdicts.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "townsquare.cli", "moderate", str(SAMPLE), "--model-dir", str(trained_model_dir),
         "--output", str(out)],
        capture_output=True, text=True, check=True,
    )
    assert "moderated 36 posts" in result.stdout
    assert len(out.read_text().splitlines()) == 36


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "townsquare.cli", "classify", "--model-dir", str(tmp_path / "none")],
        input=b"", capture_output=True,
    )
    assert result.returncode != 0
    assert b"townsquare train" in result.stderr
