"""The registry: runs recorded in SQLite, unchanged documents reused, two writers at once, and the
Alembic migration matching the schema."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import pytest

from cli import main
from helpers import CLEAN, DEFECTIVE, REPO


@pytest.fixture
def project(tmp_path):
    shutil.copytree(REPO / "corpus" / "contract", tmp_path / "财政局")
    (tmp_path / "司法局").mkdir()
    (tmp_path / "司法局" / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "司法局" / "bad.txt").write_text(DEFECTIVE, encoding="utf-8")
    (tmp_path / "lawlint.toml").write_text("", encoding="utf-8")
    return tmp_path


def record(project, capsys, *extra) -> tuple[int, dict, str]:
    code = main(["check", str(project), "--record", "--format", "json", "--no-progress", "--fail-on", "never",
                 *extra])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def rows(database, query):
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


def test_a_run_is_recorded_and_unchanged_documents_are_reused(project, capsys):
    code, first, err = record(project, capsys)
    assert code == 0 and "0 unchanged and reused" in err
    database = project / "lawlint.db"
    documents = len(first["documents"])
    assert rows(database, "select documents, findings, reused from runs") == \
        [(documents, first["summary"]["findings"], 0)]
    assert rows(database, "PRAGMA journal_mode")[0][0] == "wal"
    bad = rows(database, "select kind, docno, docno_organ, docno_year, docno_serial, written_date, unit "
                         "from documents where path like '%bad.txt'")
    assert bad == [("normative", "瓯政办发[2021]08号", "瓯政办发", 2021, 8, "2021-05-20", "瓯江区人民政府办公室")]
    stored_rules = {r for (r,) in rows(database, "select rule from findings f join documents d on d.id = f.document_id "
                                                 "where d.path like '%bad.txt'")}
    assert stored_rules == {f["rule"] for d in first["documents"] if d["path"].endswith("bad.txt")
                            for f in d["findings"]}

    code, second, err = record(project, capsys)
    assert f"{documents} unchanged and reused" in err
    assert second == first  # the stored result is the same report

    (project / "司法局" / "clean.txt").write_text(DEFECTIVE.replace("过期食品", "变质食品"), encoding="utf-8")
    _, third, err = record(project, capsys)
    assert f"{documents - 1} unchanged and reused" in err
    changed = next(d for d in third["documents"] if d["path"].endswith("clean.txt"))
    assert {f["rule"] for f in changed["findings"]} >= {"norm.sets-penalty"}


def test_a_rule_configuration_change_is_not_served_from_the_registry(project, capsys):
    record(project, capsys)
    (project / "lawlint.toml").write_text('[rules]\ndisable = ["fmt"]\n', encoding="utf-8")
    _, report, err = record(project, capsys)
    assert "0 unchanged and reused" in err
    assert not any(f["rule"].startswith("fmt.") for d in report["documents"] for f in d["findings"])


def test_two_runs_recording_at_once_both_complete(project):
    command = [sys.executable, str(REPO / "cli.py"), "check", str(project), "--record", "--jobs", "1",
               "--fail-on", "never", "--format", "json", "--no-progress"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [process.communicate(timeout=300) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], [err for _, err in outputs]
    documents = len(json.loads(outputs[0][0])["documents"])
    database = project / "lawlint.db"
    assert rows(database, "select count(*), sum(documents) from runs") == [(2, 2 * documents)]
    assert rows(database, "select count(*) from documents") == [(2 * documents,)]
    per_run = rows(database, "select run_id, count(*) from findings f join documents d on d.id = f.document_id "
                             "group by run_id")
    assert len(per_run) == 2 and per_run[0][1] == per_run[1][1]


def test_the_migration_builds_the_schema_the_code_uses(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from checkers.registry.schema import metadata
    from checkers.registry.store import Registry

    registry = Registry(f"sqlite:///{tmp_path / 'r.db'}")
    with registry.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []
    assert rows(tmp_path / "r.db", "select version_num from alembic_version") == [("0001",)]


def test_a_registry_that_cannot_be_opened_is_a_clear_error(project, capsys):
    code = main(["check", str(project), "--registry", "sqlite:////nonexistent/folder/x.db", "--no-progress"])
    assert code == 2
    assert "cannot open the registry" in capsys.readouterr().err
