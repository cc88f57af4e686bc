"""FalkorDB query parameters: our header writes what the client library wrote, and every
value comes back from a real server exactly as sent."""

from __future__ import annotations

import pytest
from falkordb.helpers import stringify_param_value
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.store.backends.falkordb_params import header

KEYS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
               max_size=20)
SCALARS = st.one_of(st.none(), TEXT, st.integers(-2**62, 2**62),
                    st.floats(allow_nan=False, allow_infinity=False))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)), max_leaves=12)


@settings(max_examples=300, derandomize=True)
@given(st.dictionaries(KEYS, VALUES, min_size=1, max_size=4))
def test_the_header_is_the_client_librarys(params):
    library = " ".join(f"{k}={stringify_param_value(v)}" for k, v in params.items())
    assert header(params) == f"CYPHER {library} "


def test_no_parameters_no_header():
    assert header(None) == header({}) == ""


def test_a_key_with_a_backtick_is_refused():
    with pytest.raises(ValueError, match="backticks"):
        header({"p": {"a`b": 1}})


@pytest.mark.parametrize("value", [
    'quote " and backslash \\ and \\" together', "line\nbreak\ttab\r", "é ë ï ç œ IJ 🌷",
    "", "`backtick`", "}{][", True, False, None, 0.1, -0.0, 1e-300, 2**62,
    [1, "two", [3.5, None], {"k": "v"}], {"nested": {"deeper": ["x", 1]}}])
def test_values_come_back_from_the_server_as_sent(falkor_store, value):
    assert falkor_store.read("RETURN $v AS v", {"v": value}).scalar() == value
