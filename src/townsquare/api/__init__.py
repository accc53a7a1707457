"""The HTTP API (FastAPI): moderation, decisions, statements of reasons, terms and audit."""
