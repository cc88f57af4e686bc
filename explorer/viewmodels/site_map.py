"""The sites of the drug markets on a map of the border region, over time.

The study reads displacement partly in space: plantations spreading all over Belgium, labs
and dump sites near the border, Antwerp's port beside Rotterdam's. This module reads every
site (plantation, lab, dump site, grow shop, coffee shop, call centre, premises, port) with
the place it lies in (``LOCATED_IN`` a ``Location`` that has ``lat``/``lon``), the market it
serves and the year it was seen, so the explorer can draw them per market and year. Sites
whose places have no coordinates are kept and counted, never dropped silently.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from explorer.viewmodels.visual import country_style, entity_mark
from graph.model.ontology import Ontology
from graph.store import GraphStore

#: Placeable entities that are not sites: actors and businesses, drawn by the network pages.
NOT_SITES = ("Person", "Organisation", "Company")
#: Most precise place first: a site placed in a municipality and a province sits in the first.
LEVELS = ("municipality", "district", "province", "country")
#: A site's own date of the event that made it known, before the first case file naming it.
EVENT_DATES = ("dismantled_on", "found_on")
#: Sites sharing a place are spread on a ring of this radius (degrees, about 3 km: a few
#: pixels at the zoom of the whole border region) so that each stays visible and pickable.
SPREAD = 0.03
#: Pixels of a site's icon image (drawn smaller; a sharp picture on a high-density screen)
ICON_PX = 48

SITES_WITH_PLACES = (
    "MATCH (site) WHERE labels(site)[0] IN $types "
    "OPTIONAL MATCH (site)-[:LOCATED_IN]->(place:Location) "
    "RETURN site.id AS id, labels(site)[0] AS type, properties(site) AS props, "
    "collect({id: place.id, name: place.name, level: place.level, lat: place.lat, "
    "lon: place.lon}) AS places "
    "ORDER BY id"
)
MUNICIPALITIES_ON_MAP = (
    "MATCH (place:Location) WHERE place.level = 'municipality' "
    "AND place.lat IS NOT NULL AND place.lon IS NOT NULL "
    "RETURN place.id AS id, place.name AS name, place.country AS country, "
    "place.lat AS lat, place.lon AS lon ORDER BY id"
)

#: The Belgian–Dutch border from the North Sea (Zwin) to the tripoint at Vaals, coarsely, as
#: (lon, lat): for orientation on a map without tiles, not for measuring distances.
BORDER_BE_NL: tuple[tuple[float, float], ...] = (
    (3.365, 51.372), (3.450, 51.250), (3.600, 51.270), (3.800, 51.215), (3.980, 51.225),
    (4.090, 51.275), (4.240, 51.350), (4.300, 51.370), (4.420, 51.360), (4.470, 51.470),
    (4.640, 51.430), (4.800, 51.500), (4.930, 51.420), (5.050, 51.450), (5.150, 51.350),
    (5.240, 51.270), (5.370, 51.280), (5.540, 51.260), (5.620, 51.200), (5.820, 51.160),
    (5.800, 51.100), (5.740, 50.970), (5.670, 50.880), (5.700, 50.760), (6.021, 50.754),
)


@dataclass(frozen=True)
class Site:
    id: str
    type: str
    name: str
    country: str | None
    markets: tuple[str, ...]
    #: year of dismantling or finding, else of the first case file naming the site
    year: int | None
    place: str | None
    level: str | None
    lat: float | None
    lon: float | None

    @property
    def placed(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class SiteMap:
    sites: tuple[Site, ...]
    #: True when the store's row cap cut the sites read
    truncated: bool = False

    def years(self) -> tuple[int, int] | None:
        years = [s.year for s in self.sites if s.year is not None]
        return (min(years), max(years)) if years else None


def site_types(ontology: Ontology) -> tuple[str, ...]:
    """The node types drawn as sites: what may lie in a location, minus persons, groups and
    businesses (drawn by the network pages) and the types that are context, not actors (an
    effort figure lies in its jurisdiction but is no site)."""
    return tuple(t for t in ontology.relationship("LOCATED_IN").sources
                 if t not in NOT_SITES and ontology.nodes[t].actor)


def read_sites(store: GraphStore, ontology: Ontology) -> SiteMap:
    """Every site with its best-placed location, market and year."""
    result = store.read(SITES_WITH_PLACES, {"types": list(site_types(ontology))})
    return SiteMap(tuple(site_from(r["id"], r["type"], r["props"], r["places"], ontology)
                         for r in result.records()), result.truncated)


def site_from(site_id: str, label: str, props: Mapping[str, Any],
              places: Iterable[Mapping[str, Any]], ontology: Ontology) -> Site:
    """One site from its properties and the places it lies in (the most precise with
    coordinates wins; a place without coordinates only names it)."""
    known = [p for p in places if p.get("id") is not None]
    rank = {level: i for i, level in enumerate(LEVELS)}
    known.sort(key=lambda p: (p.get("lat") is None or p.get("lon") is None,
                              rank.get(p.get("level"), len(LEVELS)), str(p["id"])))
    place = known[0] if known else {}
    node = ontology.node(label)
    name = node.caption_of(props)
    country_property = node.country_property
    dated = next((props[k] for k in (*EVENT_DATES, "first_seen") if props.get(k)), None)
    lat, lon = place.get("lat"), place.get("lon")
    placed = lat is not None and lon is not None
    return Site(
        id=site_id, type=label, name=str(name or site_id),
        country=props.get(country_property) if country_property else None,
        markets=tuple(sorted(ontology.markets_of(label, props))),
        year=int(str(dated)[:4]) if dated else None,
        place=place.get("name"), level=place.get("level"),
        lat=float(lat) if placed else None, lon=float(lon) if placed else None)


def sites_shown(site_map: SiteMap, *, market: str | None = None, until: int | None = None,
                types: Iterable[str] | None = None, any_market: bool = True) -> list[Site]:
    """The sites of ``market`` (all when None) seen by the end of ``until``, of ``types``.

    ``any_market``: also the sites no single market is tied to (ports, premises), which a
    market filter would otherwise hide. A site without a year is shown in every year.
    """
    wanted = set(types) if types is not None else None
    return [s for s in site_map.sites
            if (market is None or market in s.markets or (any_market and not s.markets))
            and (until is None or s.year is None or s.year <= until)
            and (wanted is None or s.type in wanted)]


def map_points(sites: Iterable[Site], ontology: Ontology) -> list[dict[str, Any]]:
    """The placed sites as map points: position (spread on a small ring when several share a
    place), their icon (the type's glyph and fill, the country's outline: the marks of the
    network drawings, ``explorer.viewmodels.visual``) and the text of their tooltip."""
    icons: dict[tuple[str, str], dict[str, Any]] = {}
    by_place: dict[tuple[float, float], list[Site]] = {}
    for site in sites:
        if site.placed:
            by_place.setdefault((site.lon, site.lat), []).append(site)
    points = []
    for (lon, lat), together in by_place.items():
        for i, site in enumerate(together):
            dx, dy = _ring(i, len(together))
            points.append({
                "id": inert(site.id), "type": site.type, "name": inert(site.name),
                "lon": lon + dx, "lat": lat + dy, "icon": _icon(icons, ontology, site),
                "place": inert(f"{site.place} ({site.level})"), "year": site.year or "",
                "markets": ", ".join(site.markets) or "any", "country": site.country or ""})
    return points


def _icon(icons: dict[tuple[str, str], dict[str, Any]], ontology: Ontology,
          site: Site) -> dict[str, Any]:
    """The site's icon for deck.gl's IconLayer, one per type and country (``icons`` keeps
    them): an SVG ``data:`` URL, nothing fetched; anchored at its centre."""
    key = (site.type, country_style(site.country).code)
    if key not in icons:
        mark = entity_mark(ontology, site.type, site.country, px=ICON_PX)
        icons[key] = {"url": mark.data_url(), "width": ICON_PX, "height": ICON_PX,
                      "anchorY": ICON_PX // 2, "id": "-".join(key), "mask": False}
    return icons[key]


def _ring(i: int, n: int) -> tuple[float, float]:
    if n == 1:
        return 0.0, 0.0
    angle = 2 * math.pi * i / n
    return SPREAD * math.cos(angle), SPREAD * math.sin(angle)


def municipalities(store: GraphStore) -> list[dict[str, Any]]:
    """Municipalities with coordinates: place names for orientation on a map without tiles.

    ``label`` is the name in ASCII (Liège → Liege): deck.gl's text layer draws ASCII only
    unless given a character set, which pydeck's JSON cannot pass through Streamlit.
    """
    return [{**row, "name": inert(str(row["name"])), "label": inert(ascii_label(str(row["name"])))}
            for row in store.read(MUNICIPALITIES_ON_MAP).records()]


def inert(text: str) -> str:
    """Case-file text as deck.gl's JSON converter will only show it: a string starting with
    ``@@`` (its prefix for functions, constants and classes) gets a zero-width space first."""
    return f"\u200b{text}" if text.startswith("@@") else text


def ascii_label(text: str) -> str:
    """``Liège`` → ``Liege``: accents dropped, other non-ASCII characters as ``?``."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).encode(
        "ascii", "replace").decode("ascii")
