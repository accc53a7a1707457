"""Durable storage: tables, the audit chain, repositories and the Alembic migrations that ship inside."""
