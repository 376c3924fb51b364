"""Baselines: the findings a repository already has, so CI fails only on new ones.

A finding's fingerprint is a hash of its rule, the document's path relative to the project root,
and its excerpt with spaces and punctuation variants removed. It does not include the paragraph
number, so a finding whose sentence moves when text is added above it keeps its fingerprint.
Several identical findings in one file are counted: a baseline holding two lets two through.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

BASELINE_VERSION = 1
NOISE = re.compile(r"[\s\u3000，。、；：,.;:“”‘’\"'（）()【】\[\]]+")


class BaselineError(ValueError):
    """A baseline file that cannot be read."""


def normalise_excerpt(excerpt: str) -> str:
    return NOISE.sub("", unicodedata.normalize("NFKC", excerpt))


def fingerprint(rule_id: str, relative_path: str, excerpt: str) -> str:
    key = "\x00".join((rule_id, relative_path.replace("\\", "/"), normalise_excerpt(excerpt)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def write_baseline(path: Path, entries: list[dict], tool_version: str) -> None:
    """`entries`: {fingerprint, rule, path, excerpt} per finding."""
    body = {"version": BASELINE_VERSION, "tool": {"name": "lawlint", "version": tool_version},
            "findings": sorted(entries, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_baseline(path: Path) -> Counter:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: 基线文件不存在 / baseline file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: 基线文件不是有效的 JSON / not valid JSON: {error}") from None
    if not isinstance(body, dict) or body.get("version") != BASELINE_VERSION or \
            not isinstance(body.get("findings"), list):
        raise BaselineError(f"{path}: 不是 lawlint 基线文件（version {BASELINE_VERSION}）/ not a lawlint baseline")
    try:
        return Counter(entry["fingerprint"] for entry in body["findings"])
    except (TypeError, KeyError):
        raise BaselineError(f"{path}: 基线条目缺少 fingerprint / an entry lacks its fingerprint") from None
