"""Walks the input paths, parses and checks every supported file; one bad file never stops a batch."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from checkers.checker import Checker, DocumentTooLong
from checkers.engine import EngineError
from checkers.globs import any_glob_matches
from checkers.model import Document, DocumentResult, Paragraph
from checkers.parsing import SUPPORTED_SUFFIXES, ParseError, parse_file

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SIDECAR_SUFFIXES = (".expect.yaml",)  # corpus expectations: lawlint's own files, not documents
CASE_MARKER = ".lawlint-case"  # a folder holding this file is one case file, one instrument per file


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class RunResult:
    documents: list[DocumentResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # Problems with the run's own configuration that reports must show, e.g. an expired
    # suppression: {"code", "message", "source"}.
    notices: list[dict] = field(default_factory=list)
    reused: int = 0  # documents whose stored result was reused (check --record)


def is_case_folder(folder: Path) -> bool:
    return (folder / CASE_MARKER).is_file()


@dataclass(frozen=True)
class Selection:
    """Which files under the given paths to check: globs relative to `root`, and optionally only
    the files in `only` (absolute paths, e.g. the files changed since a git ref)."""

    root: Path
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    only: frozenset[str] | None = None

    def wants(self, path: Path, walked: bool) -> bool:
        relative = Path(os.path.relpath(path.resolve(), self.root)).as_posix()
        if any_glob_matches(self.exclude, relative):
            return False
        if walked and self.include and not path.is_dir() and not any_glob_matches(self.include, relative):
            return False
        if self.only is not None:
            resolved = path.resolve()
            if path.is_dir():
                return any(Path(p).parent == resolved for p in self.only)
            return str(resolved) in self.only
        return True


def iter_inputs(paths: list[str], selection: Selection | None = None) -> Iterator[tuple[str, str | None]]:
    """Yields (path, skip reason or None) for every input under the given paths, sorted.

    A folder holding a `.lawlint-case` marker is one enforcement case file: it is yielded once,
    as the folder, and its files are not yielded on their own. Files the selection's globs
    exclude are left out silently, as a linter leaves out what its config excludes.
    """
    seen_cases: set[Path] = set()
    for given in paths:
        root = Path(given)
        if root.is_file() and is_case_folder(root.parent):
            # One instrument named on its own (pre-commit passes changed files) is checked as
            # part of its case, once however many of its files are named.
            root = root.parent
            if root.resolve() in seen_cases:
                continue
        if root.is_dir() and is_case_folder(root):
            seen_cases.add(root.resolve())
            if selection is None or selection.wants(root, walked=False):
                yield str(root), None
            continue
        if root.is_dir():
            case_folders = sorted({p.parent for p in root.rglob(CASE_MARKER)})
            files = sorted([p for p in root.rglob("*") if p.is_file()
                            and not any(folder in p.parents for folder in case_folders)] + case_folders)
        else:
            files = [root]
        for path in files:
            if selection is not None and not selection.wants(path, walked=root.is_dir()):
                continue
            if path.is_dir():
                yield str(path), None
                continue
            name = path.name.lower()
            if any(name.endswith(s) for s in SIDECAR_SUFFIXES) or name.startswith("."):
                continue
            if root.is_dir() and path.suffix.lower() not in SUPPORTED_SUFFIXES:
                yield str(path), "不支持的文件类型 / unsupported file type"
            else:
                yield str(path), None


def read_case_folder(folder: Path, max_bytes: int) -> Document:
    """One document from a case folder: its instruments, one per file, in file-name order."""
    paragraphs: list[Paragraph] = []
    tables = []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES):
        try:
            part = parse_file(path, max_bytes=max_bytes)
        except ParseError as error:
            raise ParseError(f"案卷中的文件 {path.name} 无法读取：{error.chinese}",
                             f"file {path.name} of the case cannot be read: {error.english}") from error
        for paragraph in part.paragraphs:
            paragraphs.append(replace(paragraph, index=len(paragraphs), table=None))
        tables.extend(part.tables)
    if not paragraphs:
        raise ParseError("案卷文件夹中没有可读的文书", "the case folder holds no readable documents")
    return Document(path=str(folder), format="case", paragraphs=paragraphs, tables=tables)


def check_file(path: str, checker: Checker, kind: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> DocumentResult:
    """Parses and checks one file (or case folder); every failure becomes the result's `error`."""
    is_folder = Path(path).is_dir()
    suffix = "case" if is_folder else Path(path).suffix.lower().lstrip(".") or None
    try:
        document = read_case_folder(Path(path), max_bytes) if is_folder else parse_file(path, max_bytes=max_bytes)
    except ParseError as error:
        return DocumentResult(path=path, format=suffix, error=str(error))
    except OSError as error:
        return DocumentResult(path=path, format=suffix, error=f"无法读取文件 / cannot read file: {error.strerror}")
    try:
        return checker.check(document, kind or ("enforcement" if is_folder else None))
    except DocumentTooLong as error:
        return DocumentResult(path=path, format=document.format, error=str(error))
    except EngineError as error:
        return DocumentResult(path=path, format=document.format, error=f"规则引擎出错 / {error}")
    except Exception as error:  # a checker bug on one file must not lose the rest of the batch
        return DocumentResult(path=path, format=document.format,
                              error=f"检查时内部错误 / internal error while checking: {type(error).__name__}: {error}")


def run(paths: list[str], checker: Checker, kind: str | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES) -> RunResult:
    result = RunResult()
    for path, skip_reason in iter_inputs(paths):
        if skip_reason:
            result.skipped.append(Skipped(path, skip_reason))
            continue
        result.documents.append(check_file(path, checker, kind, max_bytes))
    return result


def missing_paths(paths: list[str]) -> list[str]:
    return [p for p in paths if not os.path.exists(p)]
