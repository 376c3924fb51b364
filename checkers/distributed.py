"""The same per-document work on a Dask distributed cluster (`--dask tcp://scheduler:8786`).

Workers read the files from a path they share with the client, or, with `--ship-files`, receive
each file's bytes (a case folder's files all together) and check a private temporary copy. Each
worker process builds its checker once for a given configuration. Results come back in input
order with the paths the client gave, so a report from the cluster equals one made locally.

The per-document time limit: a worker runs each check in a thread and gives up waiting when the
time is up; the client then records the time-out and restarts that worker, which ends the
abandoned check (a thread cannot be stopped from outside) before it can slow other documents.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from checkers.model import DocumentResult
from checkers.parsing import SUPPORTED_SUFFIXES
from checkers.pool import Task
from checkers.runner import CASE_MARKER


def _within(timeout: float | None, work: Callable[[], DocumentResult]) -> tuple[DocumentResult | None, str | None]:
    """(result, None), or (None, this worker's address) when the time ran out."""
    if not timeout:
        return work(), None
    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("result", work()), daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        from dask.distributed import get_worker

        return None, get_worker().address
    return box["result"], None


def _checker(spec: dict):
    """The worker's checker for `spec`, built once per worker process and outside the time limit
    (a restarted worker spends its first seconds building it, as a local pool worker does at start)."""
    from checkers.project import checker_for_spec

    return checker_for_spec(spec)


def check_path(task: Task, spec: dict, timeout: float | None = None):
    """Runs on a worker: the file is on a path the worker can read."""
    checker = _checker(spec)
    return _within(timeout, lambda: _check_path(task, checker))


def _check_path(task: Task, checker) -> DocumentResult:
    from checkers.runner import check_file

    return check_file(task.path, checker, task.kind, task.max_bytes)


def check_shipped(task: Task, files: dict[str, bytes], spec: dict, timeout: float | None = None):
    """Runs on a worker: `files` maps names to bytes, one file or a case folder's files."""
    checker = _checker(spec)
    return _within(timeout, lambda: _check_shipped(task, files, checker))


def _check_shipped(task: Task, files: dict[str, bytes], checker) -> DocumentResult:
    from checkers.runner import check_file

    with tempfile.TemporaryDirectory(prefix="lawlint-") as scratch:
        folder = Path(scratch)
        if Path(task.path).is_dir() or len(files) != 1 or CASE_MARKER in files:
            folder = folder / Path(task.path).name
            folder.mkdir()
            (folder / CASE_MARKER).touch()
            for name, data in files.items():
                (folder / name).write_bytes(data)
            local = folder
        else:
            ((name, data),) = files.items()
            local = folder / name
            local.write_bytes(data)
        result = check_file(str(local), checker, task.kind, task.max_bytes)
    return _with_path(result, task.path, str(local))


def _with_path(result: DocumentResult, original: str, local: str) -> DocumentResult:
    error = result.error.replace(local, original) if result.error else None
    return replace(result, path=original, error=error)


def _read_files(task: Task) -> dict[str, bytes]:
    path = Path(task.path)
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES}
    if path.stat().st_size > task.max_bytes:  # too big to ship; the worker reports it from the path
        return {}
    return {path.name: path.read_bytes()}


def check_on_dask(address: str, tasks: list[Task], spec: dict, timeout: float | None, ship_files: bool,
                  on_result: Callable[[DocumentResult], None] | None = None) -> list[DocumentResult]:
    from dask.distributed import Client, as_completed

    results: dict[int, DocumentResult] = {}
    with Client(address) as client:
        futures = {}
        for index, task in enumerate(tasks):
            if ship_files:
                try:
                    files = _read_files(task)
                except OSError as error:
                    results[index] = DocumentResult(path=task.path, format=None,
                                                    error=f"无法读取文件 / cannot read file: {error.strerror}")
                    continue
                future = client.submit(check_shipped, task, files, spec, timeout, pure=False) if files else \
                    client.submit(check_path, task, spec, timeout, pure=False)
            else:
                future = client.submit(check_path, task, spec, timeout, pure=False)
            futures[future] = index
        for future in as_completed(futures):
            index = futures[future]
            try:
                result, stuck_worker = future.result()
                if stuck_worker is not None:
                    from checkers.pool import timed_out

                    result = timed_out(tasks[index].path, timeout)
                    client.restart_workers([stuck_worker])
                results[index] = result
            except Exception as error:  # a worker lost or a task failed: that file, not the run
                reason = f"{type(error).__name__}: {error}"
                results[index] = DocumentResult(path=tasks[index].path, format=None,
                                                error=f"集群任务失败 / cluster task failed: {reason}")
            if on_result:
                on_result(results[index])
    return [results[i] for i in range(len(tasks))]
