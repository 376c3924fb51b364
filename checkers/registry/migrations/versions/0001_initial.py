"""The registry's first tables: runs, documents, findings, marks.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("tool_version", sa.String(32), nullable=False),
        sa.Column("ruleset_version", sa.String(64), nullable=False),
        sa.Column("paths", sa.Text, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("findings", sa.Integer, nullable=False),
        sa.Column("reused", sa.Integer, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("ruleset_version", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16)),
        sa.Column("format", sa.String(8)),
        sa.Column("unit", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("docno", sa.Text),
        sa.Column("docno_organ", sa.Text),
        sa.Column("docno_year", sa.Integer),
        sa.Column("docno_serial", sa.Integer),
        sa.Column("written_date", sa.Date),
        sa.Column("effective_date", sa.Date),
        sa.Column("validity_end", sa.Date),
        sa.Column("contract_number", sa.Text),
        sa.Column("counterparty", sa.Text),
        sa.Column("amount", sa.Float),
        sa.Column("term_start", sa.Date),
        sa.Column("term_end", sa.Date),
        sa.Column("case_number", sa.Text),
        sa.Column("score", sa.Float),
        sa.Column("grade", sa.String(8)),
        sa.Column("error", sa.Text),
        sa.Column("checked_at", sa.DateTime, nullable=False),
        sa.Column("result_json", sa.Text, nullable=False),
    )
    op.create_index("ix_documents_hash", "documents", ["content_hash", "ruleset_version"])
    op.create_index("ix_documents_path", "documents", ["path"])
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(8), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("basis", sa.Text, nullable=False),
        sa.Column("excerpt", sa.Text),
        sa.Column("paragraph", sa.Integer),
        sa.Column("fingerprint", sa.String(64)),
        sa.Column("suppressed", sa.Text),
    )
    op.create_index("ix_findings_document", "findings", ["document_id"])
    op.create_table(
        "marks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("noted_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_marks_key", "marks", ["key", "name"])


def downgrade() -> None:
    for table in ("marks", "findings", "documents", "runs"):
        op.drop_table(table)
