"""``townsquare serve``: the API on the embedded default (SQLite under ./var/) with one command."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from townsquare.api.classifier import ClassifierUnavailableError, load_classifier
from townsquare.api.classifier_loading import classifier_from_spec
from townsquare.core.settings import DEVELOPMENT_API_KEYS, Settings


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to bind (loopback by default)")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--database-url", default=None, help="default: TOWNSQUARE_DATABASE_URL or sqlite:///./var/townsquare.sqlite3")
@click.option("--model-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="trained classifier directory")
@click.option(
    "--classifier", "classifier_spec", default=None, metavar="MODULE:CALLABLE",
    help="use another classifier implementation (a callable returning an object with classify_batch)",
)  # fmt: skip
@click.option("--log-level", default="info", show_default=True, type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(host: str, port: int, database_url: str | None, model_dir: Path | None, classifier_spec: str | None, log_level: str) -> None:
    """Start the HTTP API (OpenAPI at /docs and /openapi.json)."""
    import uvicorn

    from townsquare.api.app import create_app

    overrides: dict[str, object] = {}
    if database_url:
        overrides["database_url"] = database_url
    if model_dir:
        overrides["model_dir"] = model_dir
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
        if not _loopback(host) and any(k in DEVELOPMENT_API_KEYS for k in settings.api_keys):
            raise click.ClickException(
                f"refusing to listen on {host} with the development API keys, which anyone can read in the "
                "source: set TOWNSQUARE_API_KEYS (or keep the default --host 127.0.0.1)"
            )
        classifier = classifier_from_spec(classifier_spec) if classifier_spec else load_classifier(settings.model_dir)
        app = create_app(settings, classifier)
    except ClassifierUnavailableError as exc:
        raise click.ClickException(f"{exc}\nTrain one with `townsquare train`, or pass --model-dir.") from exc
    except ValueError as exc:  # insecure or invalid settings
        raise click.ClickException(str(exc)) from exc
    click.echo(f"townsquare API on http://{host}:{port}  (terms {app.state.terms.version}, database {settings.database_url})", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False)
