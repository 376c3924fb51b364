"""Checks many documents in worker processes, with a hard time limit per document.

Each worker builds its own checker once, then takes one document at a time over a pipe. The
parent hands a document only to a worker that has finished starting, so start-up time never
counts against a document. A document still running when its time is up has its worker killed
and replaced, and becomes an error for that file; so does one whose worker dies (a crash inside
the rule engine's C code takes one document, not the run). Results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from checkers.model import DocumentResult

READY = "ready"
START_TIMEOUT = 300.0  # seconds for a worker to import spaCy and compile the rules


@dataclass
class Task:
    path: str
    kind: str | None
    max_bytes: int


def _worker_main(connection: Connection, spec: dict) -> None:
    from checkers.project import checker_for_spec
    from checkers.runner import check_file

    checker = checker_for_spec(spec)
    connection.send(READY)
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        connection.send(check_file(task.path, checker, task.kind, task.max_bytes))


class _Worker:
    def __init__(self, context, spec: dict):
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child_end, spec), daemon=True)
        self.process.start()
        child_end.close()
        self.started_at = time.monotonic()
        self.ready = False
        self.task_index: int | None = None
        self.deadline: float | None = None

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.connection.send(None)
            except (BrokenPipeError, OSError):
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def failure(path: str, chinese: str, english: str) -> DocumentResult:
    """An error result for a document that could not be checked."""
    from pathlib import Path

    suffix = "case" if Path(path).is_dir() else Path(path).suffix.lower().lstrip(".") or None
    return DocumentResult(path=path, format=suffix, error=f"{chinese} / {english}")


def _died(task: Task, code: int | None) -> DocumentResult:
    return failure(task.path, f"检查进程异常退出（退出码 {code}）", f"the checking process died (exit code {code})")


def timed_out(path: str, timeout: float) -> DocumentResult:
    return failure(path, f"检查超时（超过 {timeout:g} 秒），已停止", f"timed out after {timeout:g} s")


def check_in_processes(tasks: list[Task], spec: dict, jobs: int, timeout: float | None,
                       on_result: Callable[[DocumentResult], None] | None = None) -> list[DocumentResult]:
    context = multiprocessing.get_context("spawn")
    results: list[DocumentResult | None] = [None] * len(tasks)
    pending = list(range(len(tasks)))[::-1]  # popped from the end: input order
    workers = [_Worker(context, spec) for _ in range(max(1, min(jobs, len(tasks))))]

    def finish(index: int, result: DocumentResult) -> None:
        results[index] = result
        if on_result:
            on_result(result)

    def replace_worker(worker: _Worker) -> None:
        worker.stop(kill=True)
        if pending:
            workers[workers.index(worker)] = _Worker(context, spec)
        else:
            workers.remove(worker)

    try:
        while pending or any(w.task_index is not None for w in workers):
            for worker in workers:
                if worker.ready and worker.task_index is None and pending:
                    index = pending.pop()
                    worker.connection.send(tasks[index])
                    worker.task_index = index
                    worker.deadline = time.monotonic() + timeout if timeout else None
            deadlines = [w.deadline for w in workers if w.deadline is not None]
            deadlines += [w.started_at + START_TIMEOUT for w in workers if not w.ready]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready_connections = wait([w.connection for w in workers], timeout=wait_for)
            for worker in list(workers):
                if worker.connection in ready_connections:
                    try:
                        message = worker.connection.recv()
                    except (EOFError, OSError):
                        message = None
                    if message == READY:
                        worker.ready = True
                        continue
                    if isinstance(message, DocumentResult):
                        index = worker.task_index
                        worker.task_index, worker.deadline = None, None
                        finish(index, message)
                        continue
                    # The worker died: the document it held is an error, a new worker takes its place.
                    if worker.task_index is None:
                        raise RuntimeError("lawlint worker failed to start: "
                                           f"exit code {worker.process.exitcode}")
                    finish(worker.task_index, _died(tasks[worker.task_index], worker.process.exitcode))
                    replace_worker(worker)
                    continue
                now = time.monotonic()
                if worker.deadline is not None and now > worker.deadline:
                    finish(worker.task_index, timed_out(tasks[worker.task_index].path, timeout))
                    replace_worker(worker)
                elif not worker.ready and now > worker.started_at + START_TIMEOUT:
                    raise RuntimeError("lawlint worker did not start within "
                                       f"{START_TIMEOUT:g} s")
    finally:
        for worker in workers:
            worker.stop(kill=worker.task_index is not None or not worker.ready)
    return [r for r in results if r is not None]


class ResidentWorker:
    """One long-lived worker process for a service: checks one document at a time with a hard
    time limit, and is replaced when a document overruns or the process dies."""

    def __init__(self, spec: dict):
        self.spec = spec
        self._context = multiprocessing.get_context("spawn")
        self._worker: _Worker | None = None
        self._lock = threading.Lock()

    def _ready_worker(self) -> _Worker:
        if self._worker is None or not self._worker.process.is_alive():
            self._worker = _Worker(self._context, self.spec)
        if not self._worker.ready:
            if not self._worker.connection.poll(START_TIMEOUT) or self._worker.connection.recv() != READY:
                self._worker.stop(kill=True)
                self._worker = None
                raise RuntimeError("lawlint worker did not start")
            self._worker.ready = True
        return self._worker

    def check(self, task: Task, timeout: float | None) -> DocumentResult:
        with self._lock:
            worker = self._ready_worker()
            worker.connection.send(task)
            if worker.connection.poll(timeout):
                try:
                    return worker.connection.recv()
                except (EOFError, OSError):
                    pass
                code = worker.process.exitcode
                self._worker = None
                worker.stop(kill=True)
                return _died(task, code)
            self._worker = None
            worker.stop(kill=True)
            return timed_out(task.path, timeout)

    def close(self) -> None:
        with self._lock:
            if self._worker is not None:
                self._worker.stop(kill=not self._worker.ready)
                self._worker = None
