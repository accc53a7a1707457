"""End to end over real HTTP: uvicorn on a loopback port, a SQLite file or a PostgreSQL server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from townsquare.api.app import create_app
from townsquare.store.database import Database

from .conftest import KEYS, make_settings
from .factories import KeywordClassifierDouble, fresh_postgres_database

REPO = Path(__file__).resolve().parents[2]


class ServerThread:
    """uvicorn in a thread on 127.0.0.1 with an OS-chosen port; stops by itself on exit."""

    def __init__(self, app: object) -> None:
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False))  # type: ignore[arg-type]
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'e2e.sqlite3'}"
    else:
        yield from fresh_postgres_database()


def test_moderate_read_and_survive_a_restart(database_url: str) -> None:
    settings = make_settings(database_url)
    P, A = {"X-API-Key": KEYS["platform"]}, {"X-API-Key": KEYS["admin"]}
    app = create_app(settings, KeywordClassifierDouble())
    with ServerThread(app) as base, httpx.Client(base_url=base, timeout=10) as http:
        assert http.get("/openapi.json").json()["info"]["title"] == "townsquare"
        one = http.post("/v1/moderations", json={"id": "e1", "author": "a", "text": "hateful=0.97", "lang": "de"}, headers=P)
        assert one.status_code == 201
        batch = http.post(
            "/v1/moderations/batch",
            json={"posts": [{"id": f"b{i}", "author": "b", "text": "hello"} for i in range(20)]},
            headers=P,
        )
        assert batch.status_code == 200 and len(batch.json()["decisions"]) == 20
        decision_id = one.json()["id"]
        sor = http.get(f"/v1/decisions/{decision_id}/statement", headers=P).json()
        assert sor["content_language"] == "DE" and sor["puid"] == decision_id
        bad = http.post("/v1/moderations", content=b"\xff", headers=P | {"content-type": "application/json"})
        assert bad.status_code == 400 and bad.headers["content-type"] == "application/problem+json"
    app.state.database.dispose()

    # a new process-equivalent: new app, new pool, same database
    again = create_app(settings, KeywordClassifierDouble())
    with ServerThread(again) as base, httpx.Client(base_url=base, timeout=10) as http:
        assert http.get(f"/v1/decisions/{decision_id}", headers=P).json()["action"] == "remove"
        replay = http.post("/v1/moderations", json={"id": "e1", "author": "a", "text": "hateful=0.97", "lang": "de"}, headers=P)
        assert replay.status_code == 200 and replay.json()["id"] == decision_id
        report = http.get("/v1/audit/verify", headers=A).json()
        assert report["ok"] and report["entries"] == 22  # 21 decisions and the terms put in force (once: the restart changed nothing)
    again.state.database.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_command_starts_the_api(tmp_path: Path) -> None:
    """`townsquare serve` as a user runs it: a subprocess, the embedded SQLite default under ./var/."""
    port = _free_port()
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO / "tests" / "policy")]),
        "TOWNSQUARE_ENVIRONMENT": "development",
    }
    env.pop("TOWNSQUARE_DATABASE_URL", None)
    cmd = [sys.executable, "-c", "from townsquare.cli.serve import serve; serve()", "--port", str(port),
           "--classifier", "factories:KeywordClassifierDouble", "--log-level", "warning"]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.post(
                    f"http://127.0.0.1:{port}/v1/moderations",
                    json={"id": "s1", "author": "a", "text": "hi"},
                    headers={"X-API-Key": "dev-platform-key"},
                    timeout=2,
                )
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    raise AssertionError(f"serve did not come up: {out}") from None
                time.sleep(0.2)
        assert r.status_code == 201 and r.json()["rule_id"] == "TS-0"
        assert (tmp_path / "var" / "townsquare.sqlite3").is_file()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    db = Database.from_url(f"sqlite:///{tmp_path / 'var' / 'townsquare.sqlite3'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM decisions").scalar() == 1
    db.dispose()


def test_serve_refuses_development_keys_in_production(tmp_path: Path) -> None:
    env = os.environ | {"PYTHONPATH": str(REPO / "src"), "TOWNSQUARE_ENVIRONMENT": "production"}
    r = subprocess.run(
        [sys.executable, "-c", "from townsquare.cli.serve import serve; serve()", "--port", "0"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert r.returncode == 1
    assert "development API keys" in r.stderr


def test_submit_sends_a_stream_and_reports_bad_lines(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from townsquare.cli.submit import SAMPLE_STREAM, submit

    stream = tmp_path / "stream.jsonl"
    good = SAMPLE_STREAM.read_text(encoding="utf-8").splitlines()[:5]
    stream.write_bytes(
        ("\n".join(good) + '\n{"id": "r1", "text": "hateful=0.97"}\nnot json\n{"id": "bad id", "text": "x"}\n\n').encode()
        + b'{"id": "u", "text": "\xff"}\n'
    )
    app = create_app(make_settings(f"sqlite:///{tmp_path / 'submit.sqlite3'}"), KeywordClassifierDouble())
    with ServerThread(app) as base:
        result = CliRunner().invoke(submit, [str(stream), "--url", base, "--api-key", KEYS["platform"], "--batch-size", "3"])
        assert result.exit_code == 1, result.output
        assert "decided 6 posts -> allow: 5, refused: 1, remove: 1, unreadable: 2" in result.output
        assert "r1  remove  TS-HATE-1" in result.output
        assert "line 8: 422" in result.output and "line 7: not JSON" in result.output
        again = CliRunner().invoke(submit, [str(SAMPLE_STREAM), "--url", base, "--api-key", KEYS["platform"]])
        assert again.exit_code == 0, again.output
    app.state.database.dispose()


def test_serve_refuses_public_addresses_with_development_keys(tmp_path: Path) -> None:
    env = os.environ | {"PYTHONPATH": str(REPO / "src"), "TOWNSQUARE_ENVIRONMENT": "development"}
    env.pop("TOWNSQUARE_API_KEYS", None)
    r = subprocess.run(
        [sys.executable, "-c", "from townsquare.cli.serve import serve; serve()", "--host", "0.0.0.0", "--port", "0"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert r.returncode == 1 and "refusing to listen on 0.0.0.0" in r.stderr


def test_serve_explains_a_bad_classifier_spec(tmp_path: Path) -> None:
    env = os.environ | {"PYTHONPATH": str(REPO / "src"), "TOWNSQUARE_ENVIRONMENT": "development"}
    r = subprocess.run(
        [sys.executable, "-c", "from townsquare.cli.serve import serve; serve()", "--classifier", "no.such.module:thing"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert r.returncode == 1 and "cannot import no.such.module:thing" in r.stderr
