"""Project configuration: `lawlint.toml`, or `[tool.lawlint]` in pyproject.toml, found by walking up.

    [contract]
    number_pattern = '^[\\u4e00-\\u9fa5]{2,8}合〔\\d{4}〕\\d+号$'   # contract.number-format
    admin_parties = ["瓯江区人民政府", "瓯江区司法局"]              # contract.guarantee-by-authority

    [settings."norm.effective-too-soon"]
    min_gap_days = 30

Unknown keys and values of the wrong type are errors that name the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

SECTIONS = {"contract", "settings"}
CONTRACT_KEYS = {"number_pattern": str, "admin_parties": list}


class ConfigError(ValueError):
    """A configuration file lawlint cannot use; the message names the file and the key."""


@dataclass
class Config:
    path: Path | None = None
    rule_settings: dict[str, dict] = field(default_factory=dict)

    def settings_override(self) -> dict[str, dict]:
        return self.rule_settings


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


def _read(path: Path, in_pyproject: bool, known_rules: dict[str, set[str]] | None) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: 不是有效的 TOML / invalid TOML: {error}") from error
    if in_pyproject:
        data = data.get("tool", {}).get("lawlint", {})
    return parse_config(data, path, known_rules)


def parse_config(data: dict, path: Path | None, known_rules: dict[str, set[str]] | None = None) -> Config:
    where = str(path) if path else "config"
    prefix = "tool.lawlint." if path and path.name == "pyproject.toml" else ""
    unknown = set(data) - SECTIONS
    if unknown:
        raise ConfigError(f"{where}: 未知配置项 / unknown key: {prefix}{sorted(unknown)[0]}")
    settings: dict[str, dict] = {}
    contract = data.get("contract", {})
    _require_table(contract, f"{prefix}contract", where)
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
    rule_settings = data.get("settings", {})
    _require_table(rule_settings, f"{prefix}settings", where)
    for rule_id, values in rule_settings.items():
        if known_rules is not None and rule_id not in known_rules:
            raise ConfigError(f"{where}: 未知规则 / unknown rule in {prefix}settings: {rule_id}")
        _require_table(values, f"{prefix}settings.{rule_id}", where)
        for name, value in values.items():
            if known_rules is not None and name not in known_rules[rule_id]:
                raise ConfigError(f"{where}: 未知配置项 / unknown key: {prefix}settings.{rule_id}.{name}")
            if not isinstance(value, int | float | str) or isinstance(value, bool):
                raise ConfigError(f"{where}: {prefix}settings.{rule_id}.{name} "
                                  "应为数字或字符串 / must be a number or string")
        settings.setdefault(rule_id, {}).update(values)
    return Config(path=path, rule_settings=settings)


def _require_table(value, key: str, where: str) -> None:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key} 应为表 / must be a table")
