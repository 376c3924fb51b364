"""Path globs as users write them in config files: `*` within one folder, `**` across folders.

    units/*/draft-*.docx    matches units/财政局/draft-1.docx
    **/archive/**           matches any path with an `archive` folder
    *.pdf                   a pattern without a slash matches the file name at any depth

Paths are compared as POSIX paths relative to the project root.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern:
    pattern = pattern.strip().replace("\\", "/")
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    if pattern.endswith("/"):
        pattern += "**"
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    # A pattern naming a folder also matches everything inside it.
    return re.compile("".join(out) + "(?:/.*)?", re.DOTALL)


def glob_matches(pattern: str, relative_path: str) -> bool:
    return compile_glob(pattern).fullmatch(relative_path.replace("\\", "/")) is not None


def any_glob_matches(patterns, relative_path: str) -> bool:
    return any(glob_matches(p, relative_path) for p in patterns)


def rule_selected(selector: str, rule_id: str) -> bool:
    """`fmt.*` or `fmt` selects the family, `norm.sets-fee` the one rule."""
    if selector.endswith(".*"):
        return rule_id.startswith(selector[:-1])
    if selector.endswith("*"):
        return rule_id.startswith(selector[:-1])
    return rule_id == selector or rule_id.startswith(selector + ".")
