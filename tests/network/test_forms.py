"""Form validation: clear messages next to the field, and friendly normalisation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from sen.network.forms import (
    CompanyForm,
    CompanyLocationForm,
    JoinRegionForm,
    RegionFilterForm,
    SchoolForm,
    StudentFilterForm,
)
from sen.network.models import Region
from sen.network.selectors import RegionFilters, StudentFilters

LOCATION = {
    "name": "Werkplaats",
    "street": "Industrieweg 10",
    "postcode": "7008aa",
    "city": "Doetinchem",
    "latitude": "51,9651234",
    "longitude": "6.288",
}


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


@pytest.mark.django_db
def test_location_form_normalises_postcode_and_coordinates() -> None:
    form = CompanyLocationForm(LOCATION)

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["postcode"], form.cleaned_data["latitude"]) == (
        "7008 AA",
        Decimal("51.965123"),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postcode", "70080AA", "A Dutch postcode is four digits and two letters, e.g. 1234 AB."),
        ("postcode", "0700 AA", "A Dutch postcode is four digits and two letters, e.g. 1234 AB."),
        (
            "latitude",
            "48.85",
            "This latitude is outside the Netherlands: it lies between 50.7 and 53.6, e.g. 51.965.",
        ),
        (
            "longitude",
            "13.4",
            "This longitude is outside the Netherlands: it lies between 3.3 and 7.3, e.g. 6.288.",
        ),
        ("latitude", "noord", "Enter a number."),
    ],
)
def test_location_form_explains_bad_input_next_to_the_field(field, value, message) -> None:  # type: ignore[no-untyped-def]
    form = CompanyLocationForm({**LOCATION, field: value})

    assert not form.is_valid()
    assert form.errors == {field: [message]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("brin", "valid"), [("12ab", True), (" 12 AB ", True), ("1234", False), ("ABCD", False)]
)
def test_school_form_checks_the_brin_format(world, brin, valid) -> None:  # type: ignore[no-untyped-def]
    regions = Region.objects.filter(pk=world.region.pk)
    form = SchoolForm(
        {"name": "X", "brin": brin, "city": "Y", "regions": [world.region.pk]}, regions=regions
    )

    assert form.is_valid() is valid
    if valid:
        assert form.cleaned_data["brin"] == "12AB"
    else:
        assert form.errors == {
            "brin": ["A BRIN code is two digits followed by two capital letters, e.g. 12AB."]
        }


@pytest.mark.django_db
def test_school_form_reports_an_existing_brin(world) -> None:  # type: ignore[no-untyped-def]
    form = SchoolForm({"name": "X", "brin": "01AA", "city": "Y"}, regions=Region.objects.all())

    assert form.errors == {"brin": ["School with this BRIN code already exists."]}


@pytest.mark.django_db
def test_school_form_offers_only_the_given_regions_and_ticks_the_current(world) -> None:  # type: ignore[no-untyped-def]
    regions = Region.objects.filter(pk=world.region.pk)
    form = SchoolForm(instance=world.school_a, regions=regions)

    assert list(form.fields["regions"].queryset) == [world.region]
    assert form.fields["regions"].initial == [world.region.pk]

    posted = SchoolForm(
        {"name": "X", "brin": "01AA", "city": "Y", "regions": [world.other_region.pk]},
        instance=world.school_a,
        regions=regions,
    )
    assert list(posted.errors) == ["regions"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kvk", "valid"), [("1234 5678", True), ("12.34.56.78", True), ("1234567", False)]
)
def test_company_form_checks_the_kvk_number(world, kvk, valid) -> None:  # type: ignore[no-untyped-def]
    form = CompanyForm(
        {"name": "X", "kvk_number": kvk, "is_active": "on"},
        regions=Region.objects.filter(pk=world.region.pk),
    )

    assert form.is_valid() is valid
    if not valid:
        assert form.errors == {"kvk_number": ["A KvK number has exactly 8 digits."]}


def test_region_filter_form_ignores_values_not_on_offer() -> None:
    form = RegionFilterForm(
        {"show": "companies", "town": "Atlantis", "sector": "Bouw", "sbb": "maybe", "q": " jan "},
        towns=["Doetinchem"],
        sectors=["Bouw"],
    )

    assert form.filters() == RegionFilters(show="companies", sector="Bouw", q="jan")


def test_student_filter_form_reads_the_filters() -> None:
    form = StudentFilterForm(
        {"year": "3", "class_name": "3B", "track": "KB", "profile": "7", "q": "anna"},
        classes=["3B"],
        profiles=[],
    )

    assert form.filters() == StudentFilters(year=3, class_name="3B", track="KB", q="anna")


@pytest.mark.django_db
def test_join_form_finds_a_school_by_brin_and_a_company_by_kvk(world) -> None:  # type: ignore[no-untyped-def]
    by_brin = JoinRegionForm({"code": "03cc"})
    by_kvk = JoinRegionForm({"code": "2222 2222"})

    assert by_brin.is_valid() and by_kvk.is_valid()
    assert (by_brin.cleaned_data["code"], by_kvk.cleaned_data["code"]) == (
        world.school_c,
        world.company_b,
    )


@pytest.mark.django_db
def test_join_form_says_when_nothing_has_the_code(world) -> None:  # type: ignore[no-untyped-def]
    form = JoinRegionForm({"code": "99ZZ"})

    assert form.errors == {
        "code": ["No school or company with this code is in SEN yet. Add it as a new one."]
    }
