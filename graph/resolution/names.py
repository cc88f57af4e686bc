"""Normal forms of a person's name and birth date, computed once per record, so that the
model compares cleaned fields rather than cleaning inside every comparison.

"Jeroen van der Vos", "Vos, Jeroen", "J. VOS" and "VOS Jeroen" share the surname core
"vos"; particles (van, der, de, ...) are split off, a "Last, First" name turned round.
"""

from __future__ import annotations

import re
from typing import Any

from graph.model.identifiers import fold

#: Dutch, Flemish and French name particles: "Van den Broeck", "de Smet", "ter Horst".
PARTICLES = frozenset({"van", "von", "der", "den", "de", "het", "t", "ter", "ten", "te", "op",
                       "in", "la", "le", "du", "des", "di", "da", "el", "al", "vande",
                       "vanden", "vander"})
_NOT_NAME = re.compile(r"[^a-z0-9, ]+")
NAME_FIELDS = ("name_norm", "first_name", "first_initial", "surname_core", "surname_compact",
               "name_key", "name_tokens_sorted")


def name_fields(raw: str | None) -> dict[str, Any]:
    """The name's normal forms (``NAME_FIELDS``); all None for no name.

    Examples
    --------
    >>> name_fields("Jeroen van der Vos")["name_key"]
    'jeroen vos'
    >>> name_fields("Vos, Jeroen")["name_key"], name_fields("J. VOS")["surname_core"]
    ('jeroen vos', 'vos')
    """
    if not raw:
        return dict.fromkeys(NAME_FIELDS)
    text = _NOT_NAME.sub(" ", fold(raw).replace("'", ""))
    if "," in text:  # "Vos, Jeroen" / "van der Vos, J."
        last, _, first = text.partition(",")
        first_tokens, last_tokens = first.split(), last.split()
    else:
        words = text.split()
        # "van der Vos Jeroen"; a lone letter is an initial ("T. Peters"), not the particle 't
        if len(words) > 1 and len(words[0]) > 1 and words[0] in PARTICLES:
            k = 0
            while k < len(words) - 1 and words[k] in PARTICLES:
                k += 1
            last_tokens, first_tokens = words[:k + 1], words[k + 1:]
        else:
            first_tokens, last_tokens = words[:1], words[1:]
    first = " ".join(first_tokens) or None
    core = [t for t in last_tokens if t not in PARTICLES] or last_tokens
    surname_core = " ".join(core) or None
    return {
        "name_norm": " ".join(first_tokens + last_tokens) or None,
        "first_name": first,
        "first_initial": first[0] if first else None,
        "surname_core": surname_core,
        "surname_compact": "".join(last_tokens) or None,
        "name_key": f"{first or ''} {surname_core or ''}".strip() or None,
        "name_tokens_sorted": " ".join(sorted(t for t in first_tokens + core if len(t) > 1))
        or None,
    }


def transposed(day: str | None) -> str | None:
    """A birth date with day and month swapped, where the day could be a month.

    >>> transposed("1974-06-02"), transposed("1974-06-20")
    ('1974-02-06', None)
    """
    if not isinstance(day, str) or len(day) != 10:
        return None
    year, month, dom = day.split("-")
    return f"{year}-{dom}-{month}" if int(dom) <= 12 and dom != month else None
