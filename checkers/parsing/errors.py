"""The one exception the parsing layer raises: a bilingual, one-line reason a file cannot be read."""

from __future__ import annotations


class ParseError(Exception):
    """A file could not be turned into a Document; `str()` gives "中文说明 / English explanation"."""

    def __init__(self, chinese: str, english: str) -> None:
        # Library messages can carry newlines; reports print one error per line.
        self.chinese = " ".join(chinese.split())
        self.english = " ".join(english.split())
        super().__init__(f"{self.chinese} / {self.english}")
