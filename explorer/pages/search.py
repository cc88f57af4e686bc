"""Search: find an entity by name, id, phone number, plate, address or place, and open it on
the Network or Timeline page. The search text (``?q=``) and the type filter (``?type=``) live
in the URL, so a search can be shared.

The search (``explorer.viewmodels.search``, through ``explorer.common.cached_search``) is the one
every search box of the explorer uses.
"""

from urllib.parse import urlencode

import streamlit as st

from explorer.common import audit, cached_search, ontology, plain, require, search_index, store_url

#: most matches listed; the caption says how many there were
SHOWN = 100
PAGES = {"Network": "explorer/pages/network.py", "Timeline": "explorer/pages/timeline.py"}


def link_params(label: str, entity_id: str) -> dict[str, dict[str, str]]:
    """Each page's URL parameters for an entity: a case file's timeline is ``?case=``."""
    timeline = {"case": entity_id} if label == "CaseFile" else {"entity": entity_id}
    return {"Network": {"entity": entity_id}, "Timeline": timeline}


def from_url(key: str, value: object) -> None:
    """Preset a widget from the URL the first time this page runs in the session."""
    if key not in st.session_state:
        st.session_state[key] = value


st.title("Search")
require("search")
url, labels = store_url(), list(ontology().nodes)
wanted = st.query_params.get_all("type")
unknown = [t for t in wanted if t not in labels]
if unknown:
    st.warning(plain(f"Unknown type(s) in the link: {', '.join(unknown)}. "
                     f"Known types: {', '.join(labels)}."))
from_url("search-q", st.query_params.get("q", ""))
from_url("search-types", [t for t in wanted if t in labels])

left, right = st.columns([3, 2])
text = left.text_input("Name, id, phone number, plate or address", key="search-q",
                       placeholder="e.g. J. Vos, Noel, 0031 6 0000 5120, 1-TVX-905, Kielsevest",
                       help="Accents, case and particles (de, van) do not matter; initials "
                            "(J. Vos) and small typos are allowed. Phone numbers match on "
                            "their digits, with or without +31, 0031 or 0; plates without "
                            "spaces or dashes.").strip()
types = right.multiselect("Types", labels, key="search-types", placeholder="All types")
if text:
    st.query_params["q"] = text
else:
    st.query_params.pop("q", None)
if types:
    st.query_params["type"] = types
else:
    st.query_params.pop("type", None)

if not text:
    st.info("Type a name, an id, a phone number, a plate or an address to find an entity, "
            "then open it on the Network or Timeline page.")
    st.stop()

index = search_index(url)
if index.truncated:
    st.warning("The graph has more entities than one read returns (DISMARK_ROW_CEILING); "
               "some may be missing from the search.")
found = cached_search(url, text, tuple(types), SHOWN)
audit("search", {"q": text, "types": types}, found.matches)
if not found.matches:
    among = f" among {', '.join(types)}" if types else ""
    st.info(plain(f"Nothing matches “{text}”{among}. Try fewer words, another spelling, "
                  "or the last digits of a number."))
    st.stop()

shown_count = len(found.matches)
st.caption(f"{found.total} match{'es' if found.total != 1 else ''}" + (
    f", the best {shown_count} shown" if found.total > shown_count else ""))
best = found.matches[0]
columns = st.columns([2, 1, 1])
columns[0].markdown(f"Best match: **{plain(best.caption)}** · {plain(best.label)}")
for column, (page, params) in zip(columns[1:], link_params(best.label, best.id).items(),
                                  strict=True):
    column.page_link(PAGES[page], label=f"{page} of the best match", query_params=params,
                     icon=":material/hub:" if page == "Network" else ":material/timeline:")

rows = []
for match in found.matches:
    links = link_params(match.label, match.id)
    rows.append({"name": match.caption, "type": match.label, "country": match.country or "",
                 "why it matched": match.why,
                 "network": f"network?{urlencode(links['Network'])}",
                 "timeline": f"timeline?{urlencode(links['Timeline'])}", "id": match.id})
st.dataframe(rows, hide_index=True, column_config={
    "network": st.column_config.LinkColumn("Network", display_text="Network",
                                           help="Open the entity's network"),
    "timeline": st.column_config.LinkColumn("Timeline", display_text="Timeline",
                                            help="Open the entity's timeline")})
