"""Posts, decisions, statements of reasons and the append-only audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "posts",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(2)),
        sa.Column("country", sa.String(2)),
        sa.Column("audience", sa.String(16), nullable=False),
        sa.Column("image_refs", sa.JSON(), nullable=False),
        sa.Column("external_signals", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ),
        sa.Column("received_at", TZ, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_posts_author", "posts", ["author"])
    op.create_table(
        "decisions",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(64), nullable=False, unique=True),
        sa.Column("post_id", sa.String(200), sa.ForeignKey("posts.id"), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("interim_action", sa.String(16)),
        sa.Column("rule_id", sa.String(64), nullable=False),
        sa.Column("terms_version", sa.String(16), nullable=False),
        sa.Column("model_version", sa.String(100)),
        sa.Column("profile", sa.String(16), nullable=False),
        sa.Column("territorial_scope", sa.JSON(), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("hits", sa.JSON(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("strike", sa.Integer(), nullable=False),
        sa.Column("account_action", sa.String(16), nullable=False),
        sa.Column("suspension_days", sa.Integer()),
        sa.Column("automated", sa.Boolean(), nullable=False),
        sa.Column("reviewer", sa.String(200)),
        sa.Column("review_note", sa.Text()),
        sa.Column("decided_at", TZ, nullable=False),
        sa.Column("decided_at_iso", sa.String(40), nullable=False),
        sa.Column("record_sha256", sa.String(64), nullable=False),
        sa.UniqueConstraint("post_id", "revision", name="uq_decisions_post_revision"),
    )
    for name, cols in {
        "ix_decisions_post_id": ["post_id"],
        "ix_decisions_current": ["current"],
        "ix_decisions_status": ["status"],
        "ix_decisions_action": ["action"],
        "ix_decisions_rule_id": ["rule_id"],
        "ix_decisions_decided_at": ["decided_at"],
        "ix_decisions_author_decided": ["author", "decided_at"],
    }.items():
        op.create_index(name, "decisions", cols)
    op.create_table(
        "statements",
        sa.Column("decision_id", sa.String(64), sa.ForeignKey("decisions.id"), primary_key=True),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("application_date", sa.Date(), nullable=False),
    )
    op.create_index("ix_statements_application_date", "statements", ["application_date"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("event", sa.String(64), nullable=False),
        sa.Column("entity_type", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_audit_log_entity_id", "audit_log", ["entity_id"])
    _append_only()


def _append_only() -> None:
    """The database itself refuses to rewrite history; verify() catches whoever disables this."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION townsquare_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_log is append-only';
            END $$;
            """
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION townsquare_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION townsquare_audit_append_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_rewrite ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS townsquare_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for table in ("audit_log", "statements", "decisions", "posts"):
        op.drop_table(table)
