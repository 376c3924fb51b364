"""Reads the rule data files (rules/*.yaml): YAML that refuses a key given twice in one mapping.

Plain `yaml.safe_load` keeps the last of two equal keys without a word, so a second `quiet:` list
in a rule's examples would silently drop the first and its test with it.
"""

from __future__ import annotations

from pathlib import Path

import yaml


class DuplicateKeyError(yaml.YAMLError):
    pass


class _StrictLoader(yaml.SafeLoader):
    pass


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise DuplicateKeyError(
                f"key {key!r} given twice in one mapping (lines {seen[key] + 1} and {key_node.start_mark.line + 1})")
        seen[key] = key_node.start_mark.line
    loader.flatten_mapping(node)
    return loader.construct_mapping(node, deep=True)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def load_yaml_text(text: str):
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


def load_yaml(path: Path):
    """The data in `path`; a key repeated within one mapping is an error naming the file and lines."""
    try:
        return load_yaml_text(path.read_text(encoding="utf-8"))
    except DuplicateKeyError as error:
        raise DuplicateKeyError(f"{path.name}: {error}") from None
