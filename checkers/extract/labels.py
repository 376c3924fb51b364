"""Field labels spaced out to line up with longer ones in a form ("地　　址：", "询 问 人：")."""

from __future__ import annotations

import re

SPACED_LABEL = re.compile(r"^(\s*)([\u4e00-\u9fa5](?:[\s\u3000]*[\u4e00-\u9fa5]){1,7})(?=\s*[:：])")


def unspace_label(line: str) -> str:
    """`line` with the spaces inside its leading label taken out ("地　　址：…" → "地址：…")."""
    return SPACED_LABEL.sub(lambda m: m.group(1) + re.sub(r"[\s\u3000]+", "", m.group(2)), line)
