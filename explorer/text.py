"""Case-file text on the explorer's pages: escaped for Streamlit's markdown, or as a cell."""

from __future__ import annotations

import re
from typing import Any

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$<>])")
#: Where Streamlit's markdown (GitHub's autolink literals) starts a link of its own, whatever
#: the escaping: after ``://``, ``www`` and ``@`` (e-mail addresses).
_AUTOLINK_STARTS = re.compile(r"(?i)(://|www(?=\.)|@)")
#: U+2060 WORD JOINER: invisible, and no autolink pattern runs across it
_JOINER = "\u2060"


def plain(text: str) -> str:
    """``text`` escaped so Streamlit's markdown shows it as it is (names come from case files):
    no markup, and no address in it turns into a link."""
    unlinked = _AUTOLINK_STARTS.sub(lambda m: m.group(0) + _JOINER, text)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", unlinked)


def shown(value: Any) -> str:
    """A property value as a table cell: lists joined, None empty."""
    if value is None:
        return ""
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
