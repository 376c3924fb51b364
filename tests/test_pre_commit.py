"""The pre-commit hook (.pre-commit-hooks.yaml) used from a document repository, as pre-commit runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import CLEAN, DEFECTIVE, REPO

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not PRE_COMMIT.is_file(), reason=f"pre-commit is not installed beside {sys.executable}"),
]


def run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)


def git(args: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    completed = run(["git", *args], cwd, env)
    assert completed.returncode == 0, completed.stdout
    return completed.stdout.strip()


@pytest.fixture(scope="session")
def env(tmp_path_factory) -> dict[str, str]:
    """One pre-commit store for the session, so lawlint's hook environment is installed once; git without
    the user's configuration (a global core.hooksPath or commit signing would break the runs) and without the
    GIT_* variables of a git hook this test may itself run under."""
    variables = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    variables.update(PRE_COMMIT_HOME=str(tmp_path_factory.mktemp("pre-commit-home")),
                     GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return variables


def init_repo(path: Path, env: dict[str, str]) -> None:
    git(["init", "--quiet", path], path.parent, env)
    git(["config", "--local", "user.name", "lawlint tests"], path, env)
    git(["config", "--local", "user.email", "tests@lawlint.invalid"], path, env)


@pytest.fixture(scope="session")
def lawlint_snapshot(tmp_path_factory, env) -> tuple[Path, str]:
    """This checkout as it is on disk, committed in a repository of its own.

    pre-commit installs a hook from a commit. `pre-commit try-repo` commits local changes too, but only
    changes to tracked files (a new module or a new .pre-commit-hooks.yaml is left out), and it installs
    the environment afresh in a temporary store on every call, ignoring PRE_COMMIT_HOME."""
    snapshot = tmp_path_factory.mktemp("lawlint-snapshot")
    listed = git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO, env)
    for name in listed.split("\0"):
        source = REPO / name
        if name and source.is_file():  # a tracked file deleted in the working tree is left out
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    init_repo(snapshot, env)
    git(["add", "--all"], snapshot, env)
    git(["commit", "--quiet", "--no-verify", "-m", "snapshot of the lawlint checkout"], snapshot, env)
    return snapshot, git(["rev-parse", "HEAD"], snapshot, env)


@pytest.fixture(scope="session")
def document_repo(tmp_path_factory, env, lawlint_snapshot) -> Path:
    """A repository of documents that uses the lawlint hook, with its environment installed."""
    snapshot, rev = lawlint_snapshot
    documents = tmp_path_factory.mktemp("documents")
    init_repo(documents, env)
    (documents / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {snapshot}\n  rev: {rev}\n  hooks:\n  - id: lawlint\n", encoding="utf-8")
    (documents / "lawlint.toml").write_text('exclude = ["drafts/**"]\n', encoding="utf-8")
    (documents / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (documents / "defective.txt").write_text(DEFECTIVE, encoding="utf-8")
    (documents / "SHOUTING.TXT").write_text(DEFECTIVE, encoding="utf-8")
    (documents / "notes.md").write_text(DEFECTIVE, encoding="utf-8")
    (documents / "drafts").mkdir()
    (documents / "drafts" / "defective.txt").write_text(DEFECTIVE, encoding="utf-8")
    git(["add", "--all"], documents, env)
    git(["commit", "--quiet", "--no-verify", "-m", "documents"], documents, env)
    # Installing pip-installs lawlint and its dependencies; without the registry this fails, it does not skip.
    installed = run([PRE_COMMIT, "install-hooks"], documents, env)
    assert installed.returncode == 0, installed.stdout
    return documents


def run_hook(document_repo: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess:
    return run([PRE_COMMIT, "run", "lawlint", "--color", "never", "--files", *files], document_repo, env)


def test_defective_document_fails_the_hook(document_repo, env):
    completed = run_hook(document_repo, env, "defective.txt")
    assert completed.returncode == 1, completed.stdout
    assert "Failed" in completed.stdout
    assert "defective.txt" in completed.stdout and "norm.sets-penalty" in completed.stdout


def test_clean_document_passes_the_hook(document_repo, env):
    completed = run_hook(document_repo, env, "clean.txt")
    assert completed.returncode == 0, completed.stdout
    assert "Passed" in completed.stdout


def test_hook_picks_documents_by_extension_in_any_case(document_repo, env):
    completed = run_hook(document_repo, env, "notes.md", "SHOUTING.TXT")
    assert completed.returncode == 1, completed.stdout
    assert "SHOUTING.TXT" in completed.stdout and "notes.md" not in completed.stdout
    skipped = run_hook(document_repo, env, "notes.md")
    assert skipped.returncode == 0 and "(no files to check)Skipped" in skipped.stdout, skipped.stdout


def test_changed_file_excluded_by_lawlint_toml_passes(document_repo, env):
    completed = run_hook(document_repo, env, "drafts/defective.txt")
    assert completed.returncode == 0, completed.stdout


def test_installed_hook_refuses_a_commit_of_a_defective_document(document_repo, env):
    installed = run([PRE_COMMIT, "install"], document_repo, env)
    assert installed.returncode == 0, installed.stdout
    head = git(["rev-parse", "HEAD"], document_repo, env)
    incoming = document_repo / "incoming.txt"
    try:
        incoming.write_text(DEFECTIVE, encoding="utf-8")
        git(["add", incoming.name], document_repo, env)
        refused = run(["git", "commit", "-m", "add a defective document"], document_repo, env)
        assert refused.returncode != 0 and "norm.sets-penalty" in refused.stdout, refused.stdout
        assert git(["rev-parse", "HEAD"], document_repo, env) == head

        incoming.write_text(CLEAN, encoding="utf-8")
        git(["add", incoming.name], document_repo, env)
        accepted = run(["git", "commit", "-m", "add a clean document"], document_repo, env)
        assert accepted.returncode == 0, accepted.stdout
    finally:
        run([PRE_COMMIT, "uninstall"], document_repo, env)
