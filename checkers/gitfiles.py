"""Files changed since a git ref (`--changed-since main`): committed, staged, unstaged and untracked."""

from __future__ import annotations

import subprocess
from pathlib import Path


class GitError(ValueError):
    """Not a git repository, git missing, or an unknown ref."""


def _git(folder: Path, *arguments: str) -> str:
    try:
        completed = subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, text=True,
                                   encoding="utf-8", check=False)
    except FileNotFoundError:
        raise GitError("找不到 git 命令 / git is not installed") from None
    if completed.returncode != 0:
        raise GitError(completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else
                       f"git {' '.join(arguments)} failed")
    return completed.stdout


def changed_files(ref: str, start: Path) -> frozenset[str]:
    """Absolute paths of the files that differ from `ref` in the work tree, plus untracked ones."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    try:
        _git(top, "rev-parse", "--verify", "--quiet", ref + "^{commit}")
    except GitError:
        raise GitError(f"未知的 git 引用 / unknown git ref: {ref}") from None
    listed = _git(top, "-c", "core.quotepath=off", "diff", "--name-only", "-z", "--diff-filter=ACMRT", ref, "--")
    untracked = _git(top, "-c", "core.quotepath=off", "ls-files", "-z", "--others", "--exclude-standard")
    names = [n for n in (listed + untracked).split("\0") if n]
    return frozenset(str((top / name).resolve()) for name in names)
