"""Imports spaCy without loading its command-line package; lawlint's modules take spaCy from here.

`import spacy` runs `from .cli.info import info`, and spacy.cli imports every spaCy command with
typer, weasel, requests and httpx: about 0.4 s of a one-file check's 2.4 s cold start, for
nothing lawlint uses. While spaCy's package initialises, a stand-in `spacy.cli` answers that one
import; it is removed right after, so anything that later imports `spacy.cli` gets the real one.
If spaCy is already imported, nothing is done.
"""

from __future__ import annotations

import sys
import types

if "spacy" not in sys.modules:
    _cli = types.ModuleType("spacy.cli")
    _info = types.ModuleType("spacy.cli.info")
    _info.info = lambda *args, **kwargs: None  # spacy.info(); lawlint never calls it
    _cli.info = _info
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = _cli, _info
    try:
        import spacy
    finally:
        for name in ("spacy.cli.info", "spacy.cli"):
            if sys.modules.get(name) in (_cli, _info):
                del sys.modules[name]
else:
    import spacy

from spacy.attrs import SENT_START  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc, Span, SpanGroup  # noqa: E402

__all__ = ["SENT_START", "Doc", "Language", "Span", "SpanGroup", "spacy"]
