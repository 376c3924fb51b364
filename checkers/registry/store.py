"""Records runs, documents and findings in the registry database and hands back stored results.

The default registry is SQLite (`lawlint.db` beside the project config) in WAL mode, where
writers take the write lock when their transaction begins (BEGIN IMMEDIATE) and wait for each
other up to a minute, so two runs recording at once both complete. Any SQLAlchemy URL works
(PostgreSQL for a shared bureau server). The schema is brought up to date with Alembic on opening.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, event, insert, select
from sqlalchemy.engine import Engine

from checkers import __version__
from checkers.lexicon import RULES_DIR
from checkers.model import DocumentResult, Finding, Location
from checkers.parsing import SUPPORTED_SUFFIXES
from checkers.registry.metadata import registry_row
from checkers.registry.schema import documents, findings, marks, runs
from checkers.runner import RunResult

DEFAULT_FILE = "lawlint.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_SECONDS = 60


class RegistryError(RuntimeError):
    """The registry database cannot be opened or written."""


def default_url(root: Path) -> str:
    return f"sqlite:///{(root / DEFAULT_FILE).resolve()}"


def ruleset_version(spec: dict, kind: str | None = None) -> str:
    """Changes when lawlint, any rule or lexicon file, or the project's rule configuration changes."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(RULES_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".yaml", ".tsv"):
            digest.update(path.relative_to(RULES_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(json.dumps({"spec": spec, "kind": kind}, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:32]


def content_hash(path: str) -> str | None:
    """SHA-256 of the file, or of a case folder's readable files and their names; None if unreadable."""
    target = Path(path)
    digest = hashlib.sha256()
    try:
        if target.is_dir():
            for part in sorted(p for p in target.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES):
                digest.update(part.name.encode())
                digest.update(part.read_bytes())
        else:
            digest.update(target.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def result_to_json(result: DocumentResult) -> str:
    return json.dumps(asdict(result), ensure_ascii=False, default=str)


def result_from_json(text: str, path: str) -> DocumentResult:
    data = json.loads(text)
    # Suppressions and the baseline are the current run's business: they are applied afresh.
    found = [Finding(**{**f, "location": Location(**f["location"]), "suppressed": None, "baseline_state": None})
             for f in data.pop("findings")]
    data["path"] = path
    return DocumentResult(**{**data, "findings": found})


class Registry:
    def __init__(self, url: str):
        self.url = url
        try:
            self.engine = self._engine(url)
            self.upgrade()
        except Exception as error:  # a bad URL, a locked or read-only file, a missing driver
            raise RegistryError(f"无法打开登记库 / cannot open the registry {url}: {error}") from error

    @staticmethod
    def _engine(url: str) -> Engine:
        if not url.startswith("sqlite"):
            return create_engine(url)
        engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS})

        @event.listens_for(engine, "connect")
        def _connect(connection, _record):
            connection.isolation_level = None  # SQLAlchemy's begin event below issues BEGIN itself
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")

        @event.listens_for(engine, "begin")
        def _begin(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine

    def upgrade(self) -> None:
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def reusable(self, digest: str | None, version: str, path: str) -> DocumentResult | None:
        """The stored result of the same content under the same rules, if one was recorded."""
        if digest is None:
            return None
        with self.engine.connect() as connection:
            row = connection.execute(
                select(documents.c.result_json).where(documents.c.content_hash == digest,
                                                      documents.c.ruleset_version == version,
                                                      documents.c.error.is_(None))
                .order_by(documents.c.id.desc()).limit(1)).first()
        return result_from_json(row[0], path) if row else None

    def record(self, run: RunResult, hashes: dict[str, str | None], version: str, paths: list[str],
               started_at: datetime, reused: int, root: Path | None = None) -> int:
        """Stores the run with every document and finding, in one transaction; returns the run id."""
        now = datetime.now()
        with self.engine.begin() as connection:
            run_id = connection.execute(insert(runs).values(
                started_at=started_at, finished_at=now, tool_version=__version__, ruleset_version=version,
                paths=json.dumps(paths, ensure_ascii=False), documents=len(run.documents),
                findings=sum(len(d.findings) for d in run.documents), reused=reused)).inserted_primary_key[0]
            for result in run.documents:
                document_id = connection.execute(insert(documents).values(
                    run_id=run_id, path=str(Path(result.path).resolve()),
                    content_hash=hashes.get(result.path) or "", ruleset_version=version, checked_at=now,
                    result_json=result_to_json(result), **registry_row(result, root))).inserted_primary_key[0]
                if result.findings:
                    connection.execute(insert(findings), [
                        {"document_id": document_id, "rule": f.rule, "severity": f.severity, "message": f.message,
                         "basis": f.basis, "excerpt": f.excerpt, "paragraph": f.location.paragraph,
                         "fingerprint": f.fingerprint,
                         "suppressed": (f.suppressed or {}).get("reason")} for f in result.findings])
        return run_id

    def mark(self, key: str, name: str, value: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(insert(marks).values(key=key, name=name, value=value, noted_at=datetime.now()))

    def dispose(self) -> None:
        self.engine.dispose()
