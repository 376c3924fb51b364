"""After checking: fingerprint every finding, apply suppressions and the baseline.

Nothing is removed. A suppressed finding carries `suppressed` (why, until when, which entry);
with a baseline every finding carries `baseline_state` "new" or "unchanged". Only findings that
are neither suppressed nor unchanged decide the exit code.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

from checkers.baseline import fingerprint
from checkers.model import Finding
from checkers.runner import RunResult
from checkers.suppressions import Suppression, expired_notices, first_covering


def relative_path(path: str, root: Path) -> str:
    """The path as written in globs and baselines: POSIX, relative to the project root."""
    return Path(os.path.relpath(os.path.abspath(path), root)).as_posix()


def triage(run: RunResult, root: Path, suppressions: list[Suppression] | None = None,
           baseline: Counter | None = None, today: date | None = None) -> RunResult:
    today = today or date.today()
    suppressions = suppressions or []
    remaining = Counter(baseline) if baseline is not None else None
    for result in run.documents:
        where = relative_path(result.path, root)
        marked = []
        for finding in result.findings:
            stable_id = fingerprint(finding.rule, where, finding.excerpt)
            changes: dict = {"fingerprint": stable_id}
            covering = first_covering(suppressions, finding.rule, where, finding.excerpt, today)
            if covering is not None:
                changes["suppressed"] = covering.describe()
            if remaining is not None:
                if remaining[stable_id] > 0:
                    remaining[stable_id] -= 1
                    changes["baseline_state"] = "unchanged"
                else:
                    changes["baseline_state"] = "new"
            marked.append(replace(finding, **changes))
        result.findings = marked
    run.notices.extend(expired_notices(suppressions, today))
    return run


def counts_against(finding: Finding) -> bool:
    """Whether the finding is live: not suppressed and not already in the baseline."""
    return finding.suppressed is None and finding.baseline_state != "unchanged"


def baseline_entries(run: RunResult, root: Path) -> list[dict]:
    return [{"fingerprint": f.fingerprint or fingerprint(f.rule, relative_path(d.path, root), f.excerpt),
             "rule": f.rule, "path": relative_path(d.path, root), "excerpt": f.excerpt}
            for d in run.documents for f in d.findings if f.suppressed is None]
