"""An offline, schematic map of a region: no tiles, no internet, just an SVG.

Locations are placed with a simple equirectangular projection over the
region's bounding box (longitude scaled by the cosine of the middle latitude,
so the shape of the region looks right at Dutch latitudes). Nearby locations
of the same kind are drawn as one marker with a count, so the page stays small
even for a region with 1,500 companies. A text list by town is the
alternative for screen readers and for anyone who prefers it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

Kind = Literal["school", "company"]

WIDTH = 480
MAX_HEIGHT = 480
PAD = 24
CELL = 16  # markers closer than this (in SVG units) are drawn as one
MAX_TOWN_LABELS = 30  # the towns with the most locations get their name on the map
MAX_MARKERS = 250  # beyond this, markers are grouped more coarsely: the page stays small
# A bounding box around a single point, in degrees, so one location still gets a map.
MIN_SPAN = 0.05


@dataclass(frozen=True)
class Place:
    kind: Kind
    name: str
    town: str
    latitude: float | Decimal
    longitude: float | Decimal


@dataclass(frozen=True)
class BBox:
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    @classmethod
    def around(cls, places: Iterable[Place]) -> BBox | None:
        lats = []
        lons = []
        for place in places:
            lats.append(float(place.latitude))
            lons.append(float(place.longitude))
        if not lats:
            return None
        return cls(min(lats), max(lats), min(lons), max(lons))

    def padded(self) -> BBox:
        lat_pad = max(0.0, (MIN_SPAN - (self.max_lat - self.min_lat)) / 2)
        lon_pad = max(0.0, (MIN_SPAN - (self.max_lon - self.min_lon)) / 2)
        return BBox(
            self.min_lat - lat_pad,
            self.max_lat + lat_pad,
            self.min_lon - lon_pad,
            self.max_lon + lon_pad,
        )


@dataclass(frozen=True)
class Marker:
    kind: Kind
    x: float
    y: float
    count: int
    label: str  # the marker's <title>: what a pointer or screen reader hears

    @property
    def radius(self) -> float:
        return round(min(6 + 2.5 * math.sqrt(self.count - 1), 18), 1)

    @property
    def side(self) -> float:  # schools are squares
        return round(self.radius * 2, 1)

    @property
    def corner_x(self) -> float:
        return round(self.x - self.radius, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - self.radius, 1)


@dataclass(frozen=True)
class TownRow:
    town: str
    schools: list[str]
    company_locations: int


@dataclass(frozen=True)
class TownLabel:
    """A town's name at the middle of its locations, for orientation."""

    name: str
    x: float
    y: float


@dataclass(frozen=True)
class RegionMap:
    width: int
    height: int
    markers: list[Marker] = field(default_factory=list)
    labels: list[TownLabel] = field(default_factory=list)
    towns: list[TownRow] = field(default_factory=list)
    school_count: int = 0
    company_count: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.markers


class Projection:
    """Equirectangular: x grows with longitude, y with falling latitude."""

    def __init__(self, bbox: BBox) -> None:
        box = bbox.padded()
        self.box = box
        self.kx = math.cos(math.radians((box.min_lat + box.max_lat) / 2))
        span_x = (box.max_lon - box.min_lon) * self.kx
        span_y = box.max_lat - box.min_lat
        self.scale = min((WIDTH - 2 * PAD) / span_x, (MAX_HEIGHT - 2 * PAD) / span_y)
        self.width = WIDTH
        self.height = math.ceil(span_y * self.scale + 2 * PAD)
        # Centre the drawing horizontally when the region is tall and narrow.
        self.offset_x = (WIDTH - span_x * self.scale) / 2

    def point(self, latitude: float, longitude: float) -> tuple[float, float]:
        x = self.offset_x + (longitude - self.box.min_lon) * self.kx * self.scale
        y = PAD + (self.box.max_lat - latitude) * self.scale
        return round(x, 1), round(y, 1)


def _label(kind: Kind, names: list[str], towns: list[str]) -> str:
    where = ", ".join(sorted(set(towns)))
    if len(names) <= 3:
        return f"{'; '.join(sorted(names))} ({where})"
    if kind == "school":
        text = ngettext("%(n)d school location", "%(n)d school locations", len(names))
    else:
        text = ngettext("%(n)d company location", "%(n)d company locations", len(names))
    return f"{text % {'n': len(names)}} ({where})"


def _cluster(
    projection: Projection, places: list[Place], cell: float
) -> list[tuple[Kind, list[tuple[float, float, Place]]]]:
    """Group each place with the first earlier marker of its kind within `cell` units.

    Greedy, in a fixed order (so the same data always gives the same map), with
    a grid of the markers' anchors so that each place looks at few candidates.
    """
    clusters: list[tuple[Kind, float, float, list[tuple[float, float, Place]]]] = []
    grid: dict[tuple[Kind, int, int], list[int]] = defaultdict(list)
    ordered = sorted(places, key=lambda p: (p.kind, -float(p.latitude), float(p.longitude), p.name))
    for place in ordered:
        x, y = projection.point(float(place.latitude), float(place.longitude))
        cx, cy = int(x // cell), int(y // cell)
        home = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for index in grid.get((place.kind, cx + dx, cy + dy), ()):
                    _kind, ax, ay, _members = clusters[index]
                    if (ax - x) ** 2 + (ay - y) ** 2 <= cell**2:
                        home = index if home is None else min(home, index)
        if home is None:
            grid[(place.kind, cx, cy)].append(len(clusters))
            clusters.append((place.kind, x, y, [(x, y, place)]))
        else:
            clusters[home][3].append((x, y, place))
    return [(kind, members) for kind, _ax, _ay, members in clusters]


def build_map(places: Iterable[Place], *, bbox: BBox | None = None) -> RegionMap:
    """Project `places` onto an SVG canvas, grouping near neighbours of the same kind.

    `bbox` is the region's whole extent, so that filtering does not make the
    map jump; without it the places' own extent is used.
    """
    places = list(places)
    if bbox is None:
        bbox = BBox.around(places)
    if bbox is None or not places:
        return RegionMap(width=WIDTH, height=WIDTH // 2)
    projection = Projection(bbox)
    cell = float(CELL)
    clusters = _cluster(projection, places, cell)
    while len(clusters) > MAX_MARKERS and cell < WIDTH / 8:
        cell *= 1.5
        clusters = _cluster(projection, places, cell)
    school_names: dict[str, list[str]] = defaultdict(list)
    company_locations: Counter[str] = Counter()
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for place in places:
        points[place.town].append(projection.point(float(place.latitude), float(place.longitude)))
        if place.kind == "school":
            school_names[place.town].append(place.name)
        else:
            company_locations[place.town] += 1
    markers = []
    for kind, members in clusters:
        x = round(sum(m[0] for m in members) / len(members), 1)
        y = round(sum(m[1] for m in members) / len(members), 1)
        label = _label(kind, [m[2].name for m in members], [m[2].town for m in members])
        markers.append(Marker(kind=kind, x=x, y=y, count=len(members), label=label))
    # Schools are drawn last so that they stay on top of company markers.
    markers.sort(key=lambda m: (m.kind != "company", m.y, m.x))
    return RegionMap(
        width=projection.width,
        height=projection.height,
        markers=markers,
        labels=_town_labels(points, projection),
        towns=[
            TownRow(
                town=town,
                schools=sorted(school_names.get(town, [])),
                company_locations=company_locations[town],
            )
            for town in sorted({*school_names, *company_locations})
        ],
        school_count=sum(len(names) for names in school_names.values()),
        company_count=company_locations.total(),
    )


def _town_labels(
    points: dict[str, list[tuple[float, float]]], projection: Projection
) -> list[TownLabel]:
    busiest = sorted(points.items(), key=lambda item: (-len(item[1]), item[0]))
    labels = []
    for town, xy in busiest[:MAX_TOWN_LABELS]:
        x = sum(p[0] for p in xy) / len(xy)
        y = sum(p[1] for p in xy) / len(xy)
        # Above the markers, inside the frame.
        labels.append(
            TownLabel(
                name=town,
                x=round(min(max(x, PAD * 2), projection.width - PAD * 2), 1),
                y=round(max(y - 20, 12), 1),
            )
        )
    return sorted(labels, key=lambda label: label.name)


def describe(region_map: RegionMap, region_name: str) -> str:
    """The SVG's <desc>: what the picture shows, in words."""
    if region_map.is_empty:
        return _("No locations with coordinates to show.")
    schools = ngettext(
        "%(count)d school location (square)",
        "%(count)d school locations (squares)",
        region_map.school_count,
    ) % {"count": region_map.school_count}
    companies = ngettext(
        "%(count)d company location (circle)",
        "%(count)d company locations (circles)",
        region_map.company_count,
    ) % {"count": region_map.company_count}
    return _("%(schools)s and %(companies)s in %(region)s. A list by town follows the map.") % {
        "schools": schools,
        "companies": companies,
        "region": region_name,
    }
