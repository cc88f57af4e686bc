"""Property types of the ontology and the coercion of raw input values to them.

Case files come as YAML/JSON (typed values) or CSV (all text), so every coercer takes a
``from_text`` flag. A coercer returns the stored value or raises ``ValueError`` whose message
says what was expected; the loader adds file, line and field. Dates are stored as ISO-8601
text: it orders correctly as text and behaves the same on FalkorDB and Neo4j.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

#: identifiers: stored as written, and in a normal form beside (``NORMAL_SUFFIX``) that two
#: spellings of one number share (``graph.model.identifiers.normal_form``)
IDENTIFIER_TYPES = ("phone", "plate", "registration")
SCALAR_TYPES = ("string", "text", "integer", "float", "boolean", "date", "country", "enum",
                *IDENTIFIER_TYPES)
LIST_TYPES = ("list[string]", "list[enum]")
PROPERTY_TYPES = SCALAR_TYPES + LIST_TYPES

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: What no graph store can hold in text: NUL, and lone UTF-16 surrogates (JSON's "\ud800"),
#: which cannot be encoded as UTF-8 at all.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
#: Both stores hold 64-bit integers; FalkorDB clamps a larger one without a word.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n"}
LIST_SEPARATOR = ";"


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def _text(value: Any, from_text: bool) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_describe(value)} (quote it)")
    if UNSTORABLE.search(value):
        raise ValueError("text contains a NUL byte or a lone surrogate, which the graph "
                         "stores cannot hold")
    return value


def _identifier(value: Any, from_text: bool) -> str:
    """A phone number, plate or registration as written, without surrounding blanks (which
    mean nothing, and which a CSV cell loses anyway)."""
    text = _text(value, from_text).strip()
    if not text:
        raise ValueError("expected an identifier, got only blanks")
    return text


def _integer(value: Any, from_text: bool) -> int:
    if from_text and isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise ValueError(f"expected a whole number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {_describe(value)}")
    if not INT64_MIN <= value <= INT64_MAX:
        raise ValueError(f"expected a whole number between {INT64_MIN} and {INT64_MAX}, "
                         f"got {value}")
    return value


def _float(value: Any, from_text: bool) -> float:
    if from_text and isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {_describe(value)}")
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value!r}")
    return float(value)


def _boolean(value: Any, from_text: bool) -> bool:
    if from_text and isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE | _FALSE:
            return word in _TRUE
        raise ValueError(f"expected true or false, got {value!r}")
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {_describe(value)}")
    return value


def _date(value: Any, from_text: bool) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ValueError(f"expected a date as YYYY-MM-DD, got {_describe(value)}")


def _country(value: Any, from_text: bool) -> str:
    """An ISO 3166-1 alpha-2 code of a country that exists (pycountry's list): ``ZZ`` or
    ``UK`` would pass a pattern and then match nothing in any analysis."""
    import pycountry

    code = value.strip() if isinstance(value, str) else ""
    if not _COUNTRY.match(code):
        raise ValueError("expected a two-letter ISO country code such as BE or NL, "
                         f"got {_describe(value)}")
    if pycountry.countries.get(alpha_2=code) is None:
        raise ValueError("expected a two-letter ISO country code such as BE or NL, "
                         f"got {_describe(value)}, which ISO 3166-1 does not assign")
    return code


_SCALAR: dict[str, Callable[[Any, bool], Any]] = {
    "string": _text,
    "text": _text,
    "integer": _integer,
    "float": _float,
    "boolean": _boolean,
    "date": _date,
    "country": _country,
    **dict.fromkeys(IDENTIFIER_TYPES, _identifier),
}


def coerce(type_name: str, values: Sequence[str], raw: Any, *, from_text: bool = False) -> Any:
    """Turn ``raw`` into the stored value of a property of ``type_name``.

    ``values`` are the allowed values of enum types. Raises ``ValueError`` saying what was
    expected.
    """
    if type_name.startswith("list["):
        item_type = type_name[5:-1]
        if from_text and isinstance(raw, str):
            raw = [part.strip() for part in raw.split(LIST_SEPARATOR) if part.strip()]
        if not isinstance(raw, list):
            raise ValueError(f"expected a list, got {_describe(raw)}")
        return [coerce(item_type, values, item, from_text=from_text) for item in raw]
    if type_name == "enum":
        word = _text(raw, from_text).strip()
        if word not in values:
            raise ValueError(f"expected one of {', '.join(values)}, got {raw!r}")
        return word
    return _SCALAR[type_name](raw, from_text)
