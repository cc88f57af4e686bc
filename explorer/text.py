"""Case-file text on the explorer's pages: escaped for Streamlit's markdown, or as a cell."""

from __future__ import annotations

import re
from typing import Any

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:$<>])")


def plain(text: str) -> str:
    """``text`` escaped so Streamlit's markdown shows it as it is (names come from case files)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def shown(value: Any) -> str:
    """A property value as a table cell: lists joined, None empty."""
    if value is None:
        return ""
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
