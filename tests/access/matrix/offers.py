"""The offers' URLs: browse, detail, a company contact's drafts and status changes."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sen.catalogue.models import OfferPhoto
from sen.catalogue.offers_photos import add_photo
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


def _with_photo(status: str):  # type: ignore[no-untyped-def]
    """Setup: an offer of company A with one photo (a small JPEG, added by its contact)."""

    def setup(world) -> None:  # type: ignore[no-untyped-def]
        offer = OfferFactory(company=world.company_a, status=status, title=f"Foto {status}")
        buffer = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG")
        upload = SimpleUploadedFile("werkplaats.jpg", buffer.getvalue(), "image/jpeg")
        add_photo(
            actor=world.actor("contact_a"),
            offer=offer,
            upload=upload,
            filename=upload.name,
            alt_text="De werkplaats",
        )

    return {"setup": setup}


def _photo(world):  # type: ignore[no-untyped-def]
    photo = OfferPhoto.objects.filter(offer__company=world.company_a).latest("pk")
    return {"pk": photo.offer_id, "photo_pk": photo.pk}


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
    # Empty input: the offer page comes back with the photo form's errors.
    Url("catalogue:offer_photo_add", {"contact_a"}, kwargs=_offer("draft"), method="post"),
    Url("catalogue:offer_photo", BROWSERS, kwargs=_photo, extra=_with_photo("published")),
    Url("catalogue:offer_photo", {"contact_a"}, kwargs=_photo, extra=_with_photo("draft")),
    Url(
        "catalogue:offer_photo_thumbnail",
        BROWSERS,
        kwargs=_photo,
        extra=_with_photo("published"),
    ),
    Url(
        "catalogue:offer_photo_thumbnail",
        {"contact_a"},
        kwargs=_photo,
        extra=_with_photo("draft"),
    ),
    Url(
        "catalogue:offer_photo_remove",
        {"contact_a"},
        kwargs=_photo,
        method="post",
        ok_status=(302,),
        extra=_with_photo("published"),
    ),
    Url(
        "catalogue:offer_photo_move",
        {"contact_a"},
        kwargs=_photo,
        method="post",
        data=lambda w: {"direction": "down"},
        ok_status=(302,),
        extra=_with_photo("published"),
    ),
]
