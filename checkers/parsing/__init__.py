"""Parsing: turn a .docx, .pdf or .txt file into a Document, or explain in a ParseError why not."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from checkers.model import Document
from checkers.parsing.errors import ParseError

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "ParseError", "parse_file"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Imported on first use: the PDF libraries alone take a tenth of a second to load, which a
# one-file check of a .docx should not pay.
_READERS: dict[str, str | Callable[[bytes, str], Document]] = {
    ".docx": "checkers.parsing.docx_reader:read_docx",
    ".pdf": "checkers.parsing.pdf_reader:read_pdf",
    ".txt": "checkers.parsing.txt_reader:read_txt",
}
SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_READERS)


def _reader(suffix: str) -> Callable[[bytes, str], Document]:
    reader = _READERS[suffix]
    if callable(reader):
        return reader
    module, function = reader.split(":")
    _READERS[suffix] = getattr(importlib.import_module(module), function)
    return _READERS[suffix]


def parse_file(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Parse a file chosen by its (case-insensitive) extension; raise ParseError for any problem."""
    file_path = Path(path)
    suffix = file_path.suffix.lower()
    if suffix not in _READERS:
        raise ParseError(
            f"不支持的文件类型“{suffix or '无扩展名'}”（支持 {'、'.join(SUPPORTED_SUFFIXES)}）",
            f"unsupported file type {suffix or '(no extension)'}: use {', '.join(SUPPORTED_SUFFIXES)}",
        )
    data = read_bytes(file_path, max_bytes)
    reader = _reader(suffix)
    try:
        document = reader(data, str(path))
    except ParseError:
        raise
    except Exception as exc:  # callers rely on ParseError alone, whatever a library throws
        raise ParseError("无法解析文件", f"cannot parse file: {type(exc).__name__}: {exc}") from exc
    if not document.paragraphs:
        raise ParseError("文件为空（没有文字内容）", "empty file: no text content")
    return document


def read_bytes(file_path: Path, max_bytes: int) -> bytes:
    try:
        if not file_path.is_file():
            if file_path.exists():
                raise ParseError("不是普通文件，无法读取", f"cannot read: not a regular file: {file_path}")
            raise ParseError("文件不存在", f"cannot read: file not found: {file_path}")
        size = file_path.stat().st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        with file_path.open("rb") as stream:
            # Read one byte past the limit so a file that grew since stat() is still caught.
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise ParseError("无法读取文件", f"cannot read file: {exc.strerror or exc}: {file_path}") from exc
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    if not data:
        raise ParseError("文件为空（0 字节）", "empty file: 0 bytes")
    if not data.strip():
        raise ParseError("文件为空（只有空白字符）", "empty file: only whitespace")
    return data


def _too_large(size: int, max_bytes: int) -> ParseError:
    return ParseError(
        f"文件过大（{size:,} 字节，上限 {max_bytes:,} 字节）",
        f"file too large: {size:,} bytes, limit {max_bytes:,} bytes",
    )
