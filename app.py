"""DISMARK explorer: search the graph, draw networks and paths, run saved queries, rank key
players, read the Dutch-link scores and the markets' shift or expansion, load case files.

Run it with ``make run`` (or ``streamlit run app.py``); the store comes from
``DISMARK_STORE``, else the embedded default under ``data/``. This file only routes: each
page is a script under ``explorer/pages/`` and shares the store, caches and widgets of
``explorer/common.py``; dismark's errors become plain messages here, in one place.
``/?entity=<id>`` opens the network page on that entity, ``/?query=<name>`` the saved query.
"""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import streamlit as st

from explorer.common import plain
from explorer.identity import ask_who_and_why, keep_ticket, session_actor, sidebar
from graph.access.roles import allowed
from graph.errors import DismarkError

LOG = logging.getLogger("dismark.explorer")
PAGES = Path(__file__).resolve().parent / "explorer" / "pages"
FAVICON = Path(__file__).resolve().parent / "explorer" / "static" / "favicon.png"

#: (script, title, icon, url path, action) in the order of the sidebar; the first is the
#: default. A page is listed only for roles allowed its action (``graph.access.roles``).
PAGE_LIST = (
    ("overview.py", "Overview", "bar_chart", "overview", "stats.view"),
    ("search.py", "Search", "search", "search", "search"),
    ("network.py", "Network", "hub", "network", "network.view"),
    ("paths.py", "Paths", "route", "paths", "paths.view"),
    ("saved_queries.py", "Saved queries", "manage_search", "queries", "query.run"),
    ("key_players.py", "Key players", "star", "key-players", "metrics.run"),
    ("dutch_link.py", "Dutch link", "link", "dutch-link", "dutch_link.view"),
    ("markets.py", "Markets", "map", "markets", "markets.view"),
    ("timeline.py", "Timeline", "timeline", "timeline", "timeline.view"),
    ("load.py", "Load case files", "upload_file", "load", "load"),
)
#: a query parameter on the default page that opens another page: ?entity=… -> network
DEEP_LINKS = {"entity": "network", "query": "queries"}


def main() -> None:
    # A favicon of our own: without one, Streamlit makes each page's Material icon the
    # favicon, fetched from fonts.gstatic.com (it tells Google the page viewed, and an
    # air-gapped deployment cannot reach it). This one is served by the explorer itself.
    st.set_page_config(page_title="DISMARK explorer", page_icon=FAVICON, layout="wide")
    # Tables' built-in "Download as CSV" and copy skip the audit log and the neutralising of
    # formula cells; .streamlit/config.toml turns them off, and so does this, in case the
    # explorer runs from a folder without that file (no table shows before sign-in).
    st.set_option("client.disableDataExport", True)
    where = "sign-in"
    try:
        actor = session_actor()
        listed = [row for row in PAGE_LIST if actor is None or allowed(actor.role, row[4])]
        pages = {url_path: st.Page(PAGES / script, title=title, icon=f":material/{icon}:",
                                   url_path=url_path, default=i == 0)
                 for i, (script, title, icon, url_path, _) in enumerate(listed)}
        # Navigation runs before the sign-in form so a deep link's page survives it.
        page = st.navigation(list(pages.values()),
                             position="sidebar" if actor else "hidden")
        keep_ticket()  # the cookie that keeps (or, after "Change purpose", drops) who and why
        if actor is None:
            ask_who_and_why()  # until the user says who and why: the form, then stop
        sidebar(actor)
        where = page.url_path or listed[0][3]
        if page.url_path == "":
            for key, target in DEEP_LINKS.items():
                if st.query_params.get(key) and target in pages:
                    st.switch_page(pages[target],
                                   query_params={key: st.query_params.get_all(key)})
        page.run()
    except DismarkError as exc:
        st.error(plain(str(exc)))
    except Exception:  # a bug: the details go to the server's log, never to the page
        reference = uuid.uuid4().hex[:8]
        LOG.exception("explorer error %s on page %s", reference, where)
        st.error(f"Something went wrong on this page (reference {reference}). The details "
                 f"are in the explorer's log; please report the reference.")


if __name__ == "__main__":  # as Streamlit runs it; importing the routing table runs nothing
    main()
