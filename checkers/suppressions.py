"""Suppressions with accountability: each names the rule, the files, why, and until when.

An entry `{rule, path, excerpt, reason, expires}` silences the findings of `rule` (an ID or a
family like `fmt.*`) in files matching the `path` glob whose excerpt contains `excerpt`. The
reason is required. After `expires` the entry no longer suppresses anything and the run reports
it, so an accepted risk cannot outlive its review date unnoticed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from checkers.globs import glob_matches, rule_selected

ENTRY_KEYS = {"rule", "path", "excerpt", "reason", "expires"}
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Suppression:
    rule: str
    reason: str
    path: str = "**"
    excerpt: str | None = None
    expires: date | None = None
    source: str = ""
    number: int = 0  # position in its file, 1-based, for messages

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires

    def covers(self, rule_id: str, relative_path: str, excerpt: str) -> bool:
        if not rule_selected(self.rule, rule_id) or not glob_matches(self.path, relative_path):
            return False
        return self.excerpt is None or SPACES.sub("", self.excerpt) in SPACES.sub("", excerpt)

    def describe(self) -> dict:
        return {"reason": self.reason, "rule": self.rule, "path": self.path, "excerpt": self.excerpt,
                "expires": self.expires.isoformat() if self.expires else None,
                "source": f"{self.source} #{self.number}"}


def parse_suppressions(raw, source: str = "") -> list[Suppression]:
    """Entries of a `[[suppress]]` array; ValueError names the entry and key at fault."""
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise ValueError("suppress 应为表数组 [[suppress]] / must be an array of tables")
    entries = []
    for number, entry in enumerate(raw, start=1):
        where = f"suppress[{number}]"
        unknown = set(entry) - ENTRY_KEYS
        if unknown:
            raise ValueError(f"{where}: 未知配置项 / unknown key: {sorted(unknown)[0]}")
        for key in ("rule", "reason"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ValueError(f"{where}.{key} 必须填写 / is required")
        for key in ("path", "excerpt"):
            if key in entry and (not isinstance(entry[key], str) or not entry[key]):
                raise ValueError(f"{where}.{key} 应为非空字符串 / must be a non-empty string")
        expires = entry.get("expires")
        if isinstance(expires, str):
            try:
                expires = date.fromisoformat(expires)
            except ValueError:
                raise ValueError(f"{where}.expires 应为日期 YYYY-MM-DD / must be a date") from None
        elif expires is not None and not isinstance(expires, date):
            raise ValueError(f"{where}.expires 应为日期 YYYY-MM-DD / must be a date")
        entries.append(Suppression(rule=entry["rule"], reason=entry["reason"].strip(),
                                   path=entry.get("path", "**"), excerpt=entry.get("excerpt"),
                                   expires=expires, source=source, number=number))
    return entries


def expired_notices(suppressions: list[Suppression], today: date) -> list[dict]:
    return [{"code": "suppression-expired",
             "message": f"忽略规则已过期（{s.expires.isoformat()}），不再生效，请复核：{s.rule} {s.path}（{s.reason}）"
                        f" / suppression expired on {s.expires.isoformat()} and no longer applies",
             "source": f"{s.source} #{s.number}"}
            for s in suppressions if s.expired(today)]


def first_covering(suppressions: list[Suppression], rule_id: str, relative_path: str, excerpt: str,
                   today: date) -> Suppression | None:
    for suppression in suppressions:
        if not suppression.expired(today) and suppression.covers(rule_id, relative_path, excerpt):
            return suppression
    return None
