"""The offline region map: projection, grouping and the text alternative (no database)."""

from __future__ import annotations

import math
from decimal import Decimal

from sen.network.regionmap import (
    MAX_MARKERS,
    PAD,
    WIDTH,
    BBox,
    Place,
    Projection,
    build_map,
    describe,
)

DOETINCHEM = (51.965, 6.288)
WINTERSWIJK = (51.972, 6.720)
ZUTPHEN = (52.138, 6.201)


def _place(kind, name, town, lat, lon):  # type: ignore[no-untyped-def]
    return Place(kind, name, town, Decimal(str(lat)), Decimal(str(lon)))


def test_projection_puts_west_left_and_north_up() -> None:
    projection = Projection(BBox(51.9, 52.2, 6.1, 6.8))

    west_x, _ = projection.point(52.0, 6.1)
    east_x, _ = projection.point(52.0, 6.8)
    _, north_y = projection.point(52.2, 6.5)
    _, south_y = projection.point(51.9, 6.5)

    assert west_x < east_x
    assert north_y == PAD
    assert projection.height - PAD - 1 < south_y <= projection.height - PAD


def test_projection_keeps_the_shape_of_the_region() -> None:
    # A degree of longitude is shorter than one of latitude: cos(latitude) times.
    projection = Projection(BBox(51.9, 52.2, 6.1, 6.8))

    left, top = projection.point(52.2, 6.1)
    right, bottom = projection.point(51.9, 6.8)

    expected = 0.7 * math.cos(math.radians(52.05)) / 0.3
    assert abs((right - left) / (bottom - top) - expected) < 0.01
    assert (left, right) == (PAD, WIDTH - PAD)


def test_projection_of_a_single_point_still_fits() -> None:
    projection = Projection(BBox(*DOETINCHEM[:1] * 2, *DOETINCHEM[1:] * 2))

    x, y = projection.point(*DOETINCHEM)

    assert 0 < x < projection.width
    assert 0 < y < projection.height


def test_build_map_groups_near_places_of_a_kind_and_counts_them() -> None:
    places = [
        _place("company", f"Bedrijf {n}", "Doetinchem", 51.965 + n / 10000, 6.288) for n in range(4)
    ] + [
        _place("school", "Ludger College", "Doetinchem", *DOETINCHEM),
        _place("company", "Garage Wolters", "Zutphen", *ZUTPHEN),
        _place("school", "Staring College", "Winterswijk", *WINTERSWIJK),
    ]

    region_map = build_map(places)

    summary = sorted((m.kind, m.count, m.label) for m in region_map.markers)
    assert summary == [
        ("company", 1, "Garage Wolters (Zutphen)"),
        ("company", 4, "4 company locations (Doetinchem)"),
        ("school", 1, "Ludger College (Doetinchem)"),
        ("school", 1, "Staring College (Winterswijk)"),
    ]
    # Schools are drawn after companies, so they stay visible on top.
    assert [m.kind for m in region_map.markers][-2:] == ["school", "school"]


def test_build_map_names_up_to_three_places_in_a_marker() -> None:
    places = [_place("company", name, "Doetinchem", *DOETINCHEM) for name in ("B", "A", "C")]

    [marker] = build_map(places).markers

    assert marker.label == "A; B; C (Doetinchem)"
    assert marker.radius > build_map(places[:1]).markers[0].radius


def test_build_map_lists_places_by_town() -> None:
    places = [
        _place("school", "Staring College", "Lochem", 52.16, 6.41),
        _place("school", "Ludger College", "Doetinchem", *DOETINCHEM),
        _place("company", "Jansen", "Doetinchem", *DOETINCHEM),
        _place("company", "Jansen", "Doetinchem", 51.97, 6.29),
    ]

    region_map = build_map(places)

    assert [(row.town, row.schools, row.company_locations) for row in region_map.towns] == [
        ("Doetinchem", ["Ludger College"], 2),
        ("Lochem", ["Staring College"], 0),
    ]
    assert (region_map.school_count, region_map.company_count) == (2, 2)


def test_build_map_uses_the_regions_extent_when_given() -> None:
    region = BBox(51.8, 52.3, 6.0, 6.9)
    place = _place("school", "Ludger College", "Doetinchem", *DOETINCHEM)

    [alone] = build_map([place]).markers
    [within_region] = build_map([place], bbox=region).markers

    assert (alone.x, alone.y) != (within_region.x, within_region.y)
    assert (within_region.x, within_region.y) == Projection(region).point(*DOETINCHEM)


def test_build_map_without_places_is_empty_and_says_so() -> None:
    region_map = build_map([])

    assert region_map.is_empty
    assert describe(region_map, "Achterhoek") == "No locations with coordinates to show."


def test_describe_tells_what_the_map_shows() -> None:
    region_map = build_map(
        [
            _place("school", "Ludger College", "Doetinchem", *DOETINCHEM),
            _place("company", "Jansen", "Doetinchem", *DOETINCHEM),
        ]
    )

    assert describe(region_map, "Achterhoek") == (
        "1 school location (square) and 1 company location (circle) in Achterhoek. "
        "A list by town follows the map."
    )


def test_build_map_of_a_large_region_stays_small() -> None:
    places = [
        _place(
            "company", f"Bedrijf {n}", "Doetinchem", 51.80 + (n % 50) * 0.01, 6.0 + (n // 50) * 0.03
        )
        for n in range(1500)
    ]

    region_map = build_map(places)

    assert sum(m.count for m in region_map.markers) == 1500
    assert len(region_map.markers) <= MAX_MARKERS


def test_build_map_names_towns_above_their_locations() -> None:
    places = [
        _place("school", "Ludger College", "Doetinchem", *DOETINCHEM),
        _place("company", "Jansen", "Doetinchem", *DOETINCHEM),
        _place("company", "Garage Wolters", "Zutphen", *ZUTPHEN),
    ]

    region_map = build_map(places)

    labels = {label.name: label for label in region_map.labels}
    assert sorted(labels) == ["Doetinchem", "Zutphen"]
    doetinchem = next(m for m in region_map.markers if m.label.startswith("Ludger"))
    assert labels["Doetinchem"].y < doetinchem.y
