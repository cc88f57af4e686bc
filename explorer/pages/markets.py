"""Markets: shift or expansion per market × echelon (the study's Table 1 as the graph reads
it), a row's yearly series with the interventions marked, and the sites on a map of the
border region over time (no map tiles: it works air-gapped).
"""

import altair as alt
import pydeck as pdk
import streamlit as st

from explorer.common import (
    ANALYSIS_TTL,
    QUERY_TTL,
    audit,
    ontology,
    plain,
    require,
    shown,
    store_at,
    store_url,
)
from explorer.viewmodels.drawing import legend_html
from explorer.viewmodels.markets import (
    change_rows,
    marked_interventions,
    regression_reading,
    series_colours,
    series_points,
    verdict_rows,
)
from explorer.viewmodels.site_map import (
    BORDER_BE_NL,
    SiteMap,
    map_points,
    municipalities,
    read_sites,
    site_types,
    sites_shown,
)
from graph.analysis.filters import MARKETS
from graph.study.activity import ActivityReader, Intervention
from graph.study.displacement import Verdict, verdicts

SITE_COLUMNS = ("id", "type", "name", "country", "markets", "year", "place", "level")
#: the border region, Zeeland to Aachen, Antwerp to Eindhoven
VIEW = pdk.ViewState(latitude=51.25, longitude=5.0, zoom=7.3)
#: on-screen size of a site's icon, pixels
SITE_PX = 20


@st.cache_data(ttl=ANALYSIS_TTL, show_spinner="Reading the activity series…")
def cached_verdicts(url: str, use_effort: bool) -> list[Verdict]:
    return verdicts(store_at(url), use_effort=use_effort)


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_interventions(url: str) -> list[Intervention]:
    return ActivityReader(store_at(url)).interventions()


@st.cache_data(ttl=QUERY_TTL, show_spinner="Placing the sites…")
def cached_sites(url: str) -> SiteMap:
    return read_sites(store_at(url), ontology())


@st.cache_data(ttl=QUERY_TTL, show_spinner=False)
def cached_municipalities(url: str) -> list[dict]:
    return municipalities(store_at(url))


def series_chart(verdict: Verdict, interventions: list[Intervention]) -> alt.LayerChart:
    """The row's lines (BE against NL, or who serves Belgian demand) with a dashed rule at
    each intervention that applies to it, named at the top."""
    labels, colours = series_colours(verdict.series)
    lines = alt.Chart(alt.Data(values=series_points(verdict.series))).mark_line(
        point=True).encode(
        x=alt.X("year:Q", title="year", axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("count:Q", title="count per year", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=labels, range=colours),
                        legend=alt.Legend(orient="bottom")),
        tooltip=["year:Q", "series:N", "count:Q"])
    marks = alt.Data(values=marked_interventions(verdict.series, interventions) or [{}])
    rules = alt.Chart(marks).mark_rule(color="#7f8c8d", strokeDash=[4, 3]).encode(
        x="at:Q", tooltip=["name:N", "on:N"])
    names = alt.Chart(marks).mark_text(align="left", baseline="top", dx=3, dy=2, fontSize=10,
                                       color="#555555").encode(
        x="at:Q", y=alt.value(0), text="name:N")
    return alt.layer(lines, rules, names).properties(height=300)


def site_deck(points: list[dict], places: list[dict]) -> pdk.Deck:
    """Sites drawn as the network drawings draw them (type glyph and fill, country outline)
    over the border line and the municipalities' names; no base map, so nothing is fetched
    from the internet. Tooltips are text, never HTML."""
    at = ["lon", "lat"]
    border = pdk.Layer("PathLayer", id="border",
                       data=[{"path": [list(p) for p in BORDER_BE_NL]}],
                       get_path="path", get_color=[90, 90, 90], width_min_pixels=2)
    towns = pdk.Layer("ScatterplotLayer", id="municipalities", data=places, get_position=at,
                      get_fill_color=[170, 170, 170], radius_min_pixels=2, get_radius=300)
    names = pdk.Layer("TextLayer", id="names", data=places, get_position=at, get_text="label",
                      get_size=12, get_color=[110, 110, 110], get_pixel_offset=[0, 12])
    # sizes in pixels (deck.gl's default); the icons keep their colours (no mask)
    sites = pdk.Layer("IconLayer", id="sites", data=points, get_position=at, get_icon="icon",
                      get_size=SITE_PX, pickable=True)
    return pdk.Deck(layers=[border, towns, names, sites], initial_view_state=VIEW,
                    map_provider=None,
                    tooltip={"text": "{name}\n{type} · {country}\n{place}\nseen {year} · "
                                     "market: {markets}"})


st.title("Markets")
require("markets.view")
st.caption("Is a market shifting from the Netherlands to Belgium, or expanding into it? "
           "Judged per market × echelon from the Belgian perspective, on the activity series "
           "the study counted (docs/displacement.md), as `dismark displacement` prints it.")
url = store_url()
use_effort = st.toggle("Read counts per unit of enforcement effort", value=True,
                       help="Where the case files state how hard the police looked (controls, "
                            "inspections, squad capacity per year), the counts are read per "
                            "unit of that effort. Off: the raw counts. See "
                            "docs/displacement.md.")
found = cached_verdicts(url, use_effort)
audit("markets.view", {"use_effort": use_effort})
if not found or not list(found[0].series.years()):
    st.info("The graph has no dated case files yet, so there is nothing to judge. Load case "
            "files on the Load page (or `dismark load data/demo`).")
    st.stop()
st.dataframe([{k: shown(v) for k, v in row.items()} for row in verdict_rows(found)],
             hide_index=True, height="content")
st.caption("Strong: the row's one test holds after Holm's correction across the rows, and "
           "nothing says it may be a detection effect. Insufficient data: too few events, or a "
           "result that cannot rule out a change of ×1.5 either way; the counts' leaning is "
           "shown as a lead to check, not a finding.")

rows = {f"{v.market}/{v.echelon}": v for v in found}
asked = st.query_params.get("row")
if asked and asked not in rows:
    st.warning(plain(f"No Table 1 row {asked!r}; the rows are {', '.join(rows)}."))
names = list(rows)
picked = st.selectbox("Series of", names, index=names.index(asked) if asked in rows else 0,
                      format_func=lambda k: k.replace("/", " · ").replace("_", " "))
if picked != asked and (asked is not None or picked != names[0]):
    st.query_params["row"] = picked
chosen = rows[picked]
st.subheader(f"{plain(picked.replace('/', ' · '))}: {chosen.verdict} ({chosen.confidence})")
for caveat in chosen.caveats:
    st.warning(plain(f"May be a detection effect: {caveat}."))
st.caption(plain(f"{chosen.series.counts_what}. Pivot {chosen.pivot} "
                 f"({chosen.pivot_name}). {chosen.reason}."))
st.altair_chart(series_chart(chosen, cached_interventions(url)))
with st.expander("Before and after the pivot, and the count regression"):
    st.dataframe(change_rows(chosen), hide_index=True, height="content")
    st.caption(plain(f"Model: {chosen.test.model}. Test: {chosen.test.term}: "
                     f"{regression_reading(chosen)}. Effort figures used: "
                     f"{'; '.join(chosen.effort + chosen.effort_notes) or 'none'}."))

st.header("Sites over time")
site_map = cached_sites(url)
span = site_map.years()
if span is None:
    st.info("No sites (plantations, labs, dump sites, grow shops, call centres, ports …) in "
            "the graph yet.")
    st.stop()
left, middle, right = st.columns([1, 2, 2])
market = left.selectbox("Market", ("all", *MARKETS),
                        index=1 + MARKETS.index(chosen.market))
until = middle.slider("Seen by the end of", min_value=span[0], max_value=max(span[1],
                      span[0] + 1), value=span[1],
                      help="Year of dismantling or finding, else of the first case file that "
                           "names the site.")
types = right.multiselect("Site types", site_types(ontology()),
                          default=site_types(ontology()))
any_market = st.checkbox("Also sites tied to no single market (ports, premises)", value=True)
sites = sites_shown(site_map, market=None if market == "all" else market, until=until,
                    types=types, any_market=any_market)
points = map_points(sites, ontology())
unplaced = [s for s in sites if not s.placed]
st.pydeck_chart(site_deck(points, cached_municipalities(url)), height=560)
st.html(legend_html(ontology(), dict.fromkeys(s.type for s in sites)))
st.caption(f"{len(points)} of {len(sites)} sites drawn; the grey line is the Belgian–Dutch "
           "border, coarsely. Sites sharing a place are spread on a small ring around it.")
if unplaced:
    st.warning(f"{len(unplaced)} of {len(sites)} sites have no coordinates (no location with "
               "lat/lon): listed below, not drawn.")
if site_map.truncated:
    st.warning("The store's row cap cut the sites read: the map is incomplete.")
with st.expander(f"The {len(sites)} sites"):
    st.dataframe([{c: shown(getattr(s, c)) for c in SITE_COLUMNS} for s in sites],
                 hide_index=True)
