"""Walks the input paths, parses and checks every supported file; one bad file never stops a batch."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checkers.checker import Checker, DocumentTooLong
from checkers.engine import EngineError
from checkers.model import DocumentResult
from checkers.parsing import SUPPORTED_SUFFIXES, ParseError, parse_file

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SIDECAR_SUFFIXES = (".expect.yaml",)  # corpus expectations: lawlint's own files, not documents


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class RunResult:
    documents: list[DocumentResult] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def iter_inputs(paths: list[str]) -> Iterator[tuple[str, str | None]]:
    """Yields (path, skip reason or None) for every file under the given paths, sorted."""
    for given in paths:
        root = Path(given)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file())
        else:
            files = [root]
        for path in files:
            name = path.name.lower()
            if any(name.endswith(s) for s in SIDECAR_SUFFIXES) or name.startswith("."):
                continue
            if root.is_dir() and path.suffix.lower() not in SUPPORTED_SUFFIXES:
                yield str(path), "不支持的文件类型 / unsupported file type"
            else:
                yield str(path), None


def check_file(path: str, checker: Checker, kind: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> DocumentResult:
    """Parses and checks one file; every failure becomes the result's `error`."""
    suffix = Path(path).suffix.lower().lstrip(".") or None
    try:
        document = parse_file(path, max_bytes=max_bytes)
    except ParseError as error:
        return DocumentResult(path=path, format=suffix, error=str(error))
    except OSError as error:
        return DocumentResult(path=path, format=suffix, error=f"无法读取文件 / cannot read file: {error.strerror}")
    try:
        return checker.check(document, kind)
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
