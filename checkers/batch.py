"""A batch run: picks the inputs, checks them in this process, in worker processes or on a Dask
cluster, and returns the results in input order whichever way they were computed."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from checkers.model import DocumentResult
from checkers.pool import Task, check_in_processes, timed_out
from checkers.project import checker_for_spec
from checkers.runner import DEFAULT_MAX_BYTES, RunResult, Selection, Skipped, check_file, iter_inputs

DEFAULT_TIMEOUT = 60.0
# Without --jobs, a batch this small runs in this process: starting a worker (importing spaCy,
# compiling the rules) costs about two seconds, more than checking a few documents.
AUTO_PARALLEL_FROM = 8


@dataclass
class BatchOptions:
    spec: dict
    kind: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int | None = None  # None: all cores for a batch of AUTO_PARALLEL_FROM documents or more
    timeout: float | None = DEFAULT_TIMEOUT
    dask_address: str | None = None
    ship_files: bool = False


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_batch(paths: list[str], options: BatchOptions, selection: Selection | None = None,
              on_start: Callable[[int], None] | None = None,
              on_result: Callable[[DocumentResult], None] | None = None,
              reuse: Callable[[str], DocumentResult | None] | None = None) -> RunResult:
    """`reuse(path)` may hand back a stored result for an unchanged document, which is then not checked."""
    result = RunResult()
    tasks: list[Task] = []
    stored: dict[str, DocumentResult] = {}
    order: dict[str, int] = {}
    for path, skip_reason in iter_inputs(paths, selection):
        order.setdefault(path, len(order))
        if skip_reason:
            result.skipped.append(Skipped(path, skip_reason))
        elif reuse and (earlier := reuse(path)) is not None:
            stored[path] = earlier
        else:
            tasks.append(Task(path, options.kind, options.max_bytes))
    if on_start:
        on_start(len(tasks))
    if options.dask_address:
        from checkers.distributed import check_on_dask

        result.documents = check_on_dask(options.dask_address, tasks, options.spec, options.timeout,
                                         options.ship_files, on_result)
    elif (jobs := _jobs_for(options.jobs, len(tasks))) > 1:
        result.documents = check_in_processes(tasks, options.spec, jobs, options.timeout, on_result)
    else:
        checker = checker_for_spec(options.spec)
        for task in tasks:
            with _time_limit(options.timeout) as limit:
                try:
                    document = check_file(task.path, checker, task.kind, task.max_bytes)
                except _TimeUp:
                    document = None
            if document is None or limit.expired:  # the alarm may land inside C code that swallows it
                document = timed_out(task.path, options.timeout)
            result.documents.append(document)
            if on_result:
                on_result(document)
    if stored:
        result.documents = sorted([*result.documents, *stored.values()], key=lambda d: order[d.path])
        result.reused = len(stored)
    return result


def _jobs_for(requested: int | None, documents: int) -> int:
    if requested is None:
        return default_jobs() if documents >= AUTO_PARALLEL_FROM else 1
    return max(1, min(requested, documents))


class _TimeUp(BaseException):
    """Raised by the alarm; a BaseException so that check_file's own error handling lets it pass."""


class _Limit:
    expired = False


@contextmanager
def _time_limit(seconds: float | None):
    """In this process the limit is an alarm signal: it stops Python code, not a long C call;
    worker processes (--jobs > 1) are killed outright instead. `expired` records that the time
    ran out even when the exception raised by the alarm was swallowed (a callback from C)."""
    limit = _Limit()
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield limit
        return

    def alarm(_signum, _frame):
        limit.expired = True
        raise _TimeUp()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield limit
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
