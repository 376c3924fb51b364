"""Parallel and distributed runs give the same report as one process; a slow document is stopped."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from checkers.batch import BatchOptions, run_batch
from checkers.progress import progress_bar, progress_wanted
from checkers.report import json_report
from cli import main
from helpers import CLEAN, REPO

MIXED = ["corpus/contract", "corpus/enforcement", "corpus/decision"]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """About forty real documents of three kinds and four formats, plus a case folder and a bad file."""
    root = tmp_path_factory.mktemp("batch")
    for folder in MIXED:
        shutil.copytree(REPO / folder, root / folder.split("/")[1])
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return root


def report_without_tool(args: list[str], capsys) -> tuple[int, dict]:
    code = main(["check", "--format", "json", "--no-progress", *args])
    report = json.loads(capsys.readouterr().out)
    report.pop("tool")
    return code, report


def test_jobs_give_the_same_report_as_one_process(batch, capsys):
    code_one, one = report_without_tool([str(batch), "--jobs", "1"], capsys)
    code_two, two = report_without_tool([str(batch), "--jobs", "2"], capsys)
    assert one["summary"]["documents"] >= 40 and one["summary"]["errors"] == 1
    assert any(d["score"] for d in one["documents"])  # case files were scored
    assert one == two and code_one == code_two == 2
    paths = [d["path"] for d in two["documents"]]
    assert paths == sorted(paths)


def slow_and_quick(folder):
    """A document long enough to take several seconds, and a short one."""
    slow = folder / "a-slow.txt"
    slow.write_text(CLEAN * 3000, encoding="utf-8")
    (folder / "b-quick.txt").write_text(CLEAN, encoding="utf-8")
    return slow


@pytest.mark.parametrize("jobs", [1, 2])
def test_time_limit_stops_one_document_not_the_run(tmp_path, capsys, jobs):
    slow_and_quick(tmp_path)
    code, report = report_without_tool([str(tmp_path), "--jobs", str(jobs), "--timeout", "0.5"], capsys)
    slow, quick = report["documents"]
    assert "timed out after 0.5 s" in slow["error"] and "检查超时" in slow["error"]
    assert quick["error"] is None and quick["kind"] == "normative"
    assert code == 2


def test_time_limit_from_config(tmp_path, capsys):
    slow_and_quick(tmp_path)
    (tmp_path / "lawlint.toml").write_text("timeout = 0.5\njobs = 2\n", encoding="utf-8")
    _, report = report_without_tool([str(tmp_path)], capsys)
    assert "timed out" in report["documents"][0]["error"]


def test_progress_only_on_a_terminal_outside_ci(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for name in ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "TF_BUILD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert progress_wanted(Terminal())
    assert not progress_wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not progress_wanted(Terminal())


def test_progress_bar_counts_the_documents():
    from rich.console import Console

    from checkers.model import DocumentResult

    with progress_bar(True) as hooks:
        hooks.on_start(2)
        for name in ("a.docx", "b.pdf"):
            hooks.on_result(DocumentResult(path=f"/x/{name}", format=None))
        progress = hooks.progress
        (task,) = progress.tasks
        assert (task.total, task.completed, task.fields["last"]) == (2, 2, "b.pdf")
        assert isinstance(progress.console, Console) and progress.console.stderr
    with progress_bar(False) as hooks:
        assert hooks.progress is None


def test_cli_prints_no_progress_when_piped(tmp_path):
    import subprocess
    import sys

    (tmp_path / "doc.txt").write_text(CLEAN, encoding="utf-8")
    done = subprocess.run([sys.executable, str(REPO / "cli.py"), "check", str(tmp_path)], capture_output=True,
                          text=True, encoding="utf-8", env={"PATH": "/usr/bin:/bin", "TERM": "xterm"})
    assert done.returncode == 0 and done.stderr == ""


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    yield cluster
    cluster.close()


@pytest.mark.parametrize("ship_files", [False, True])
def test_dask_cluster_gives_the_local_report(batch, dask_cluster, ship_files):
    local = run_batch([str(batch)], BatchOptions(spec={}, jobs=1))
    remote = run_batch([str(batch)], BatchOptions(spec={}, dask_address=dask_cluster.scheduler_address,
                                                  ship_files=ship_files))
    assert json_report.report_dict(remote) == json_report.report_dict(local)
    assert len(remote.documents) >= 40


def test_dask_through_the_cli_with_a_config(batch, dask_cluster, capsys, tmp_path):
    config = tmp_path / "lawlint.toml"
    config.write_text('[rules]\ndisable = ["contract"]\n', encoding="utf-8")
    code, report = report_without_tool([str(batch / "contract"), "--config", str(config),
                                        "--dask", dask_cluster.scheduler_address, "--ship-files"], capsys)
    assert report["summary"]["documents"] >= 20
    assert not any(f["rule"].startswith("contract.") for d in report["documents"] for f in d["findings"])


def test_dask_time_limit_restarts_the_stuck_worker(tmp_path, dask_cluster):
    slow_and_quick(tmp_path)
    options = BatchOptions(spec={}, dask_address=dask_cluster.scheduler_address, timeout=0.5)
    slow, quick = run_batch([str(tmp_path)], options).documents
    assert "timed out after 0.5 s" in slow.error
    assert quick.error is None and quick.kind == "normative"
    # The cluster still works afterwards.
    (again,) = run_batch([str(tmp_path / "b-quick.txt")], options).documents
    assert again.error is None
