"""The registry's tables (SQLAlchemy Core). Changes to them go through an Alembic migration in
`migrations/versions/`; `tests/test_registry.py` checks the two agree."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("tool_version", String(32), nullable=False),
    Column("ruleset_version", String(64), nullable=False),
    Column("paths", Text, nullable=False),  # JSON list of the paths given
    Column("documents", Integer, nullable=False, default=0),
    Column("findings", Integer, nullable=False, default=0),
    Column("reused", Integer, nullable=False, default=0),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("path", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("ruleset_version", String(64), nullable=False),
    Column("kind", String(16)),
    Column("format", String(8)),
    Column("unit", Text),  # issuing unit
    Column("title", Text),
    Column("docno", Text),  # 文号
    Column("docno_organ", Text),
    Column("docno_year", Integer),
    Column("docno_serial", Integer),
    Column("written_date", Date),
    Column("effective_date", Date),
    Column("validity_end", Date),
    Column("contract_number", Text),
    Column("counterparty", Text),
    Column("amount", Float),
    Column("term_start", Date),
    Column("term_end", Date),
    Column("case_number", Text),
    Column("score", Float),
    Column("grade", String(8)),
    Column("error", Text),
    Column("checked_at", DateTime, nullable=False),
    Column("result_json", Text, nullable=False),  # the whole DocumentResult, to reuse and export
)
Index("ix_documents_hash", documents.c.content_hash, documents.c.ruleset_version)
Index("ix_documents_path", documents.c.path)

findings = Table(
    "findings", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("rule", String(64), nullable=False),
    Column("severity", String(8), nullable=False),
    Column("message", Text, nullable=False),
    Column("basis", Text, nullable=False),
    Column("excerpt", Text),
    Column("paragraph", Integer),
    Column("fingerprint", String(64)),
    Column("suppressed", Text),  # the suppression's reason, or NULL
)
Index("ix_findings_document", findings.c.document_id)

# Marks the registry keeps about documents beyond what a check finds: a contract's 清理 status.
marks = Table(
    "marks", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False),  # what the mark is about: a contract number, a path
    Column("name", String(32), nullable=False),  # e.g. "cleanup"
    Column("value", Text, nullable=False),
    Column("noted_at", DateTime, nullable=False),
)
Index("ix_marks_key", marks.c.key, marks.c.name)
