"""The offers' URLs: browse, detail, a company contact's drafts and status changes."""

from __future__ import annotations

from tests.access.spec import SIGNED_IN, Url
from tests.factories.offers import OfferFactory

# Parents follow their child's choices, not the offers market.
BROWSERS = SIGNED_IN - {"parent_a", "parent_b"}
CONTACTS = frozenset({"contact_a", "contact_b"})


def _offer(status: str):  # type: ignore[no-untyped-def]
    def kwargs(world):  # type: ignore[no-untyped-def]
        offer = OfferFactory(company=world.company_a, status=status, title=f"Werkplek {status}")
        return {"pk": offer.pk}

    return kwargs


URLS = [
    Url("catalogue:offers", BROWSERS),
    Url("catalogue:offer_create", CONTACTS),
    # Empty input: the form comes back with its errors, nothing is saved.
    Url("catalogue:offer_create", CONTACTS, method="post"),
    Url(
        "catalogue:offer_detail",
        BROWSERS,
        kwargs=_offer("published"),
        shows=lambda w: ["Werkplek published"],
    ),
    # A draft: only its company's contact (no supervisor chosen yet).
    Url(
        "catalogue:offer_detail",
        {"contact_a"},
        kwargs=_offer("draft"),
        shows=lambda w: ["Werkplek draft"],
    ),
    Url("catalogue:offer_edit", {"contact_a"}, kwargs=_offer("draft")),
    Url("catalogue:offer_edit", {"contact_a"}, kwargs=_offer("draft"), method="post"),
    Url(
        "catalogue:offer_publish",
        {"contact_a"},
        kwargs=_offer("draft"),
        method="post",
        ok_status=(302,),
    ),
    Url(
        "catalogue:offer_withdraw",
        {"contact_a"},
        kwargs=_offer("published"),
        method="post",
        ok_status=(302,),
    ),
    Url(
        "catalogue:offer_reopen",
        {"contact_a"},
        kwargs=_offer("withdrawn"),
        method="post",
        ok_status=(302,),
    ),
    Url(
        "catalogue:company_offers",
        BROWSERS,
        kwargs=lambda w: {"pk": w.company_a.pk},
    ),
]
