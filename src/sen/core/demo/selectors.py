"""Reading the demo region: does it exist, how big is it, and a fingerprint of it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sen.accounts.models import Membership, User
from sen.catalogue.models import Offer, OfferQuota, Period
from sen.core.demo import REGION_SLUG
from sen.network.models import (
    Company,
    CompanyLocation,
    Guardianship,
    Region,
    School,
    SchoolLocation,
    Student,
)
from sen.placements.models import ChoiceItem, ChoiceList, ChoiceRound

# An offer without its database id: company, title and first day identify it in the demo.
OFFER_KEY = ("company__kvk_number", "title", "starts_on")


def demo_region_exists() -> bool:
    return Region.objects.filter(slug=REGION_SLUG).exists()


def region_counts() -> tuple[int, int, int]:
    """Schools, companies and students of the demo region."""
    region = Region.objects.get(slug=REGION_SLUG)
    return (
        School.objects.filter(regions=region).count(),
        Company.objects.filter(regions=region).count(),
        Student.objects.filter(school__regions=region).count(),
    )


def demo_digest() -> str:
    """A fingerprint of the demo data that ignores database ids: equal for equal regions."""
    digest = hashlib.sha256()

    def feed(rows: Iterable[object]) -> None:
        for row in rows:
            digest.update(repr(row).encode())
        digest.update(b"|")

    feed(Region.objects.order_by("slug").values_list("slug", "name"))
    feed(School.objects.order_by("brin").values_list("brin", "name", "city", "regions__slug"))
    feed(
        SchoolLocation.objects.order_by("school__brin", "name", "street").values_list(
            "school__brin", "name", "street", "postcode", "city", "latitude", "longitude"
        )
    )
    feed(Period.objects.order_by("school__brin", "starts_on").values_list("school__brin", "name"))
    feed(
        Company.objects.order_by("kvk_number").values_list(
            "kvk_number", "name", "sector", "sbb_accredited", "regions__slug"
        )
    )
    feed(
        CompanyLocation.objects.order_by("company__kvk_number", "name", "street").values_list(
            "company__kvk_number", "name", "street", "postcode", "latitude", "longitude"
        )
    )
    feed(
        Student.objects.order_by("school__brin", "student_number").values_list(
            "school__brin",
            "student_number",
            "first_name",
            "last_name",
            "date_of_birth",
            "class_name",
            "track",
            "profile__code",
            "year",
            "email",
            "home_postcode",
        )
    )
    feed(
        Guardianship.objects.order_by("student__email", "email").values_list(
            "student__email", "email", "full_name", "user__email"
        )
    )
    feed(User.objects.order_by("email").values_list("email", "full_name"))
    feed(
        Membership.objects.order_by(
            "user__email", "role", "school__brin", "company__kvk_number", "region__slug"
        ).values_list("user__email", "role", "school__brin", "company__kvk_number", "region__slug")
    )
    feed(
        Offer.objects.order_by(*OFFER_KEY, "pk").values_list(
            *OFFER_KEY,
            "location__name",
            "elective__code",
            "supervisor__email",
            "school_year",
            "ends_on",
            "places",
            "schedule",
            "min_age",
            "tracks",
            "hazards",
            "supervision",
            "status",
        )
    )
    feed(
        Offer.profiles.through.objects.order_by(
            *(f"offer__{key}" for key in OFFER_KEY), "profile__code"
        ).values_list(*(f"offer__{key}" for key in OFFER_KEY), "profile__code")
    )
    feed(
        OfferQuota.objects.order_by(
            *(f"offer__{key}" for key in OFFER_KEY), "school__brin"
        ).values_list(*(f"offer__{key}" for key in OFFER_KEY), "school__brin", "places")
    )
    feed(
        ChoiceRound.objects.order_by("school__brin", "name").values_list(
            "school__brin",
            "name",
            "period__name",
            "min_choices",
            "max_choices",
            "requires_mentor_approval",
            "years",
            "status",
        )
    )
    feed(
        ChoiceList.objects.order_by("student__email", "round__name").values_list(
            "student__email", "round__name", "status", "reviewed_by__email", "mentor_comment"
        )
    )
    item_offer = tuple(f"offer__{key}" for key in OFFER_KEY)
    feed(
        ChoiceItem.objects.order_by("choice_list__student__email", "rank").values_list(
            "choice_list__student__email", "rank", *item_offer
        )
    )
    return digest.hexdigest()
