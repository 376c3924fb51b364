"""A progress bar on a terminal (rich), nothing when the output is piped or the run is under CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, NamedTuple

CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "JENKINS_URL", "BUILDKITE", "TF_BUILD")


def progress_wanted(stream=None) -> bool:
    stream = stream or sys.stderr
    if any(os.environ.get(name) for name in CI_VARIABLES) or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class Hooks(NamedTuple):
    on_start: Callable[[int], None]
    on_result: Callable[[Any], None]
    progress: Any = None  # the rich Progress when shown


@contextmanager
def progress_bar(enabled: bool):
    """Yields Hooks: on_start(total) and on_result(document); both do nothing when disabled."""
    if not enabled:
        yield Hooks(lambda total: None, lambda result: None)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("检查 checking"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), TextColumn("{task.fields[last]}"),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task("check", total=None, last="")
    with progress:
        def on_start(total: int) -> None:
            progress.update(task, total=total)

        def on_result(result) -> None:
            name = os.path.basename(result.path.rstrip("/"))
            progress.update(task, advance=1, last=name[:40])

        yield Hooks(on_start, on_result, progress)
