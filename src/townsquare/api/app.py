"""The application factory: settings + classifier + database -> a FastAPI app.

Everything the routes need is built here once and hung on ``app.state``; tests build apps with
their own settings, database and a classifier test double, and nothing is global.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from townsquare.api import problems
from townsquare.api.classifier import Classifier, load_classifier
from townsquare.api.limits import RequestGuard
from townsquare.api.routes import audit, decisions, health, moderations, statements, terms
from townsquare.core.settings import Settings
from townsquare.policy.terms import Terms, load_history
from townsquare.store.database import Database
from townsquare.store.migrate import upgrade
from townsquare.store.moderation import Moderator
from townsquare.store.terms_log import record_terms_in_force

DESCRIPTION = """\
Moderation decisions under the EU Digital Services Act. Every post gets a decision that cites a
published rule of the terms of use; every restriction gets a statement of reasons in the DSA
Transparency Database format. Authenticate with `X-API-Key`; errors are RFC 9457 problem details.
"""


def _operation_ids(route: APIRoute) -> str:
    return route.name  # stable ids for generated clients: the function names


def create_app(
    settings: Settings | None = None,
    classifier: Classifier | None = None,
    database: Database | None = None,
) -> FastAPI:
    """Build the API. Loads the real classifier unless one is given."""
    settings = settings or Settings()
    history = load_history(settings.terms_dir)
    enforced = history.get(settings.terms_version) if settings.terms_version else history.in_force(dt.date.today())
    db = database or Database.from_url(settings.database_url)
    if settings.auto_migrate:
        upgrade(db)
    record_terms_in_force(db, enforced, actor="townsquare-api")
    clf = classifier if classifier is not None else load_classifier(settings.model_dir)

    app = FastAPI(
        title="townsquare",
        version=enforced.version,
        description=DESCRIPTION,
        generate_unique_id_function=_operation_ids,
        openapi_tags=[{"name": n} for n in ("moderation", "decisions", "statements", "terms", "audit", "health")],
    )
    app.state.settings = settings
    app.state.database = db
    app.state.terms_history = history
    app.state.terms = enforced
    app.state.api_key_digests = settings.api_key_digests()
    app.state.moderator = Moderator(db, enforced, lambda items: clf.classify_batch(items), author_salt=settings.author_salt, terms_url=settings.public_terms_url)
    problems.install(app)
    for module in (moderations, decisions, statements, terms, audit, health):
        app.include_router(module.router)
    app.add_middleware(RequestGuard, max_bytes=settings.max_request_bytes)
    _publish_limits(app, settings, enforced)
    return app


def _publish_limits(app: FastAPI, settings: Settings, terms: Terms) -> None:
    """Put the configured limits and the detectors the enforced terms declare into the OpenAPI
    schema, so that what it promises is exactly what is enforced."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            components = schema["components"]["schemas"]
            components["PostIn"]["properties"]["text"]["maxLength"] = settings.max_text_chars
            components["BatchIn"]["properties"]["posts"]["maxItems"] = settings.max_batch_posts
            signals = components["PostIn"]["properties"]["signals"]
            score = {"type": "number", "minimum": 0.0, "maximum": 1.0}
            signals.pop("patternProperties", None)
            signals["properties"] = {name: score for name in terms.signals if name.startswith("ext.")}
            signals["additionalProperties"] = False
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
