"""Project configuration: `lawlint.toml`, or `[tool.lawlint]` in pyproject.toml, found by walking up.

    include = ["**/*.docx", "**/*.pdf"]       # default: every .docx/.pdf/.txt
    exclude = ["drafts/**", "*.bak.docx"]
    fail_on = "warning"                       # error | warning | info | never
    jobs = 4                                  # processes; default all cores
    timeout = 60                              # seconds per document
    max_size = 50                             # MB per file

    [rules]
    disable = ["fmt.*", "norm.validity-too-long"]   # by ID or family prefix
    enable = []                                     # if given, only these run

    [severity]
    "fmt.*" = "info"

    [contract]
    number_pattern = '^[\\u4e00-\\u9fa5]{2,8}合〔\\d{4}〕\\d+号$'   # contract.number-format
    admin_parties = ["瓯江区人民政府", "瓯江区司法局"]              # contract.guarantee-by-authority

    [settings."norm.effective-too-soon"]
    min_gap_days = 30

    [[suppress]]                              # also in lawlint-ignore.toml beside the config
    rule = "norm.sets-fee"
    path = "units/财政局/**"
    excerpt = "收取工本费"
    reason = "经区政府常务会议同意，2027年清理"
    expires = 2027-06-30

Globs are relative to the folder holding the config (the project root). Unknown keys and values
of the wrong type are errors that name the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from checkers.globs import rule_selected
from checkers.suppressions import Suppression, parse_suppressions

FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"),
               "info": ("error", "warning", "info"), "never": ()}
SEVERITIES = ("error", "warning", "info")
TOP_KEYS = {"include", "exclude", "fail_on", "jobs", "timeout", "max_size",
            "rules", "severity", "contract", "settings", "suppress"}
CONTRACT_KEYS = {"number_pattern": str, "admin_parties": list}
IGNORE_FILE = "lawlint-ignore.toml"


class ConfigError(ValueError):
    """A configuration file lawlint cannot use; the message names the file and the key."""


@dataclass
class Config:
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)  # globs and baseline paths are relative to it
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    fail_on: str | None = None
    jobs: int | None = None
    timeout: float | None = None
    max_size: float | None = None
    enable: list[str] = field(default_factory=list)
    disable: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    rule_settings: dict[str, dict] = field(default_factory=dict)
    suppressions: list[Suppression] = field(default_factory=list)

    def settings_override(self) -> dict[str, dict]:
        return self.rule_settings

    def is_default_rules(self) -> bool:
        return not (self.enable or self.disable or self.severity or self.rule_settings)

    def rule_is_on(self, rule_id: str) -> bool:
        if self.enable and not any(rule_selected(s, rule_id) for s in self.enable):
            return False
        return not any(rule_selected(s, rule_id) for s in self.disable)

    def severity_for(self, rule_id: str, default: str) -> str:
        """The most specific matching override wins: an ID over a family."""
        matching = [s for s in self.severity if rule_selected(s, rule_id)]
        if not matching:
            return default
        return self.severity[max(matching, key=len)]


def find_config_file(start: Path) -> tuple[Path, bool] | None:
    """The nearest lawlint.toml, or pyproject.toml holding [tool.lawlint], from `start` upwards."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate_folder in (folder, *folder.parents):
        own = candidate_folder / "lawlint.toml"
        if own.is_file():
            return own, False
        pyproject = candidate_folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "lawlint" in data.get("tool", {}):
                return pyproject, True
    return None


def load_config(start: Path, known_rules: dict[str, set[str]] | None = None) -> Config:
    found = find_config_file(start)
    if found is None:
        return Config()
    return _read(*found, known_rules)


def load_config_file(path: Path, known_rules: dict[str, set[str]] | None = None) -> Config:
    if not path.is_file():
        raise ConfigError(f"{path}: 配置文件不存在 / config file not found")
    return _read(path, path.name == "pyproject.toml", known_rules)


def _load_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: 不是有效的 TOML / invalid TOML: {error}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: 不是 UTF-8 文本 / not UTF-8 text") from error


def _read(path: Path, in_pyproject: bool, known_rules: dict[str, set[str]] | None) -> Config:
    data = _load_toml(path)
    if in_pyproject:
        data = data.get("tool", {}).get("lawlint", {})
    config = parse_config(data, path, known_rules)
    ignore_file = path.parent / IGNORE_FILE
    if ignore_file.is_file():
        ignore = _load_toml(ignore_file)
        unknown = set(ignore) - {"suppress"}
        if unknown:
            raise ConfigError(f"{ignore_file}: 未知配置项 / unknown key: {sorted(unknown)[0]}")
        config.suppressions += _suppressions(ignore.get("suppress", []), "", str(ignore_file), known_rules)
    return config


def parse_config(data: dict, path: Path | None, known_rules: dict[str, set[str]] | None = None) -> Config:
    where = str(path) if path else "config"
    prefix = "tool.lawlint." if path and path.name == "pyproject.toml" else ""
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise ConfigError(f"{where}: 未知配置项 / unknown key: {prefix}{sorted(unknown)[0]}")
    config = Config(path=path, root=path.parent.resolve() if path else Path.cwd())
    check = _Checker(where, prefix)
    config.include = check.string_list(data, "include")
    config.exclude = check.string_list(data, "exclude")
    if "fail_on" in data:
        config.fail_on = check.choice(data, "fail_on", tuple(FAIL_LEVELS))
    if "jobs" in data:
        config.jobs = int(check.number(data, "jobs", integer=True))
    if "timeout" in data:
        config.timeout = check.number(data, "timeout")
    if "max_size" in data:
        config.max_size = check.number(data, "max_size")

    rules = check.table(data, "rules")
    for key in set(rules) - {"enable", "disable"}:
        raise ConfigError(f"{where}: 未知配置项 / unknown key: {prefix}rules.{key}")
    config.enable = check.string_list(rules, "enable", f"{prefix}rules.")
    config.disable = check.string_list(rules, "disable", f"{prefix}rules.")
    for selector in config.enable + config.disable:
        check.selects_a_rule(selector, known_rules, "rules")

    severity = check.table(data, "severity")
    for selector, level in severity.items():
        check.selects_a_rule(selector, known_rules, "severity")
        if level not in SEVERITIES:
            raise ConfigError(f"{where}: {prefix}severity.\"{selector}\" 应为 {' / '.join(SEVERITIES)} "
                              f"之一 / must be one of {', '.join(SEVERITIES)}")
    config.severity = dict(severity)

    settings: dict[str, dict] = {}
    contract = check.table(data, "contract")
    for key, value in contract.items():
        expected = CONTRACT_KEYS.get(key)
        if expected is None:
            raise ConfigError(f"{where}: 未知配置项 / unknown key: {prefix}contract.{key}")
        if not isinstance(value, expected):
            kind = expected.__name__
            raise ConfigError(f"{where}: {prefix}contract.{key} 应为 {kind} / must be a {kind}")
    if "number_pattern" in contract:
        try:
            re.compile(contract["number_pattern"])
        except re.error as error:
            raise ConfigError(
                f"{where}: {prefix}contract.number_pattern 不是有效的正则 / bad regex: {error}") from error
        settings.setdefault("contract.number-format", {})["number_pattern"] = contract["number_pattern"]
    if "admin_parties" in contract:
        names = contract["admin_parties"]
        if not names or not all(isinstance(n, str) and n for n in names):
            raise ConfigError(f"{where}: {prefix}contract.admin_parties 应为非空字符串列表 / must list names")
        pattern = "(?:甲方|" + "|".join(re.escape(n) for n in names) + ")"
        settings.setdefault("contract.guarantee-by-authority", {})["admin_parties"] = pattern
    rule_settings = check.table(data, "settings")
    for rule_id, values in rule_settings.items():
        if known_rules is not None and rule_id not in known_rules:
            raise ConfigError(f"{where}: 未知规则 / unknown rule in {prefix}settings: {rule_id}")
        check.require_table(values, f"{prefix}settings.{rule_id}")
        for name, value in values.items():
            if known_rules is not None and name not in known_rules[rule_id]:
                raise ConfigError(f"{where}: 未知配置项 / unknown key: {prefix}settings.{rule_id}.{name}")
            if not isinstance(value, int | float | str) or isinstance(value, bool):
                raise ConfigError(f"{where}: {prefix}settings.{rule_id}.{name} "
                                  "应为数字或字符串 / must be a number or string")
        settings.setdefault(rule_id, {}).update(values)
    config.rule_settings = settings
    config.suppressions = _suppressions(data.get("suppress", []), prefix, where, known_rules)
    return config


def _suppressions(raw, prefix: str, where: str, known_rules) -> list[Suppression]:
    try:
        entries = parse_suppressions(raw, source=where)
    except ValueError as error:
        raise ConfigError(f"{where}: {prefix}{error}") from error
    for entry in entries:
        if known_rules is not None and not any(rule_selected(entry.rule, r) for r in known_rules):
            raise ConfigError(f"{where}: {prefix}suppress 中的 rule 不对应任何规则 / "
                              f"rule selects no rule: {entry.rule}")
    return entries


class _Checker:
    """Type checks that name the offending key in their message."""

    def __init__(self, where: str, prefix: str):
        self.where, self.prefix = where, prefix

    def fail(self, key: str, chinese: str, english: str):
        raise ConfigError(f"{self.where}: {key} {chinese} / {english}")

    def require_table(self, value, key: str) -> None:
        if not isinstance(value, dict):
            self.fail(key, "应为表", "must be a table")

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key, {})
        self.require_table(value, self.prefix + key)
        return value

    def string_list(self, data: dict, key: str, prefix: str | None = None) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            where = (prefix if prefix is not None else self.prefix) + key
            self.fail(where, "应为字符串列表", "must be a list of strings")
        return list(value)

    def choice(self, data: dict, key: str, choices: tuple[str, ...]) -> str:
        value = data[key]
        if value not in choices:
            self.fail(self.prefix + key, f"应为 {' / '.join(choices)} 之一", f"must be one of {', '.join(choices)}")
        return value

    def number(self, data: dict, key: str, integer: bool = False) -> float:
        value = data[key]
        kinds = int if integer else int | float
        if isinstance(value, bool) or not isinstance(value, kinds) or value <= 0:
            self.fail(self.prefix + key, "应为正整数" if integer else "应为正数",
                      "must be a positive integer" if integer else "must be a positive number")
        return value

    def selects_a_rule(self, selector: str, known_rules, section: str) -> None:
        if known_rules is not None and not any(rule_selected(selector, r) for r in known_rules):
            self.fail(f"{self.prefix}{section}: \"{selector}\"", "不对应任何规则", "selects no rule")
