"""Photos of an offer: check, clean and store uploads; remove and reorder; read them back.

An upload is trusted for nothing (SECURITY-CHECKLIST, File upload V5):
- JPEG, PNG or WebP only, at most 5 MB, recognised by its content (Pillow opens
  and verifies it) and the file name's extension must match what was found;
- images larger than MAX_PIXELS are refused before their pixels are decoded
  (decompression bombs);
- the picture is turned upright (EXIF orientation), its pixels copied into a new
  image (no EXIF, GPS, XMP, ICC or comments survive), scaled to at most 1600 px
  and 480 px for the thumbnail, and saved as JPEG (PNG when it is transparent);
- both files get a server-generated name (a UUID) under MEDIA_ROOT/offers/ and
  are served only through an authorised view.
"""

from __future__ import annotations

import uuid
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.catalogue.models import Offer, OfferPhoto, PhotoFormat
from sen.core.actor import Actor, Role
from sen.core.images import clean_image, refuse
from sen.core.scoping import get_visible_or_404

MAX_PHOTOS = 6
MAX_ALT = 200


# --- Writes ---------------------------------------------------------------------------------


def _own(actor: Actor, offer: Offer) -> None:
    if actor.role != Role.COMPANY_CONTACT or actor.company_id is None:
        raise ValidationError(_("Only a contact of the company manages its offers."))
    if offer.company_id != actor.company_id:
        raise ValidationError(_("This offer belongs to another company."))


def _clean_alt(alt_text: str) -> str:
    alt = " ".join(alt_text.split())
    if not alt:
        raise ValidationError(
            {"alt_text": _("Describe what the photo shows, for people who cannot see it.")}
        )
    if len(alt) > MAX_ALT:
        raise ValidationError(
            {"alt_text": _("A description has at most %(max)s characters.") % {"max": MAX_ALT}}
        )
    return alt


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


def add_photo(
    *, actor: Actor, offer: Offer, upload: IO[bytes], filename: str, alt_text: str
) -> OfferPhoto:
    """Add a cleaned photo as the offer's last one (at most MAX_PHOTOS per offer)."""
    _own(actor, offer)
    alt = _clean_alt(alt_text)
    if offer.photos.count() >= MAX_PHOTOS:
        raise refuse(
            _("An offer has at most %(max)s photos. Remove one first.") % {"max": MAX_PHOTOS},
            "too_many",
        )
    cleaned = clean_image(upload, filename, getattr(upload, "size", None))
    ext = "png" if cleaned.format == PhotoFormat.PNG else "jpg"
    name = uuid.uuid4().hex
    photo = OfferPhoto(
        offer=offer,
        format=cleaned.format,
        width=cleaned.width,
        height=cleaned.height,
        alt_text=alt,
    )
    photo.image.save(f"{name}.{ext}", ContentFile(cleaned.image), save=False)
    photo.thumbnail.save(f"{name}-thumb.{ext}", ContentFile(cleaned.thumbnail), save=False)
    stored = [photo.image.name or "", photo.thumbnail.name or ""]
    try:
        with transaction.atomic():
            locked = Offer.objects.select_for_update().get(pk=offer.pk)
            if locked.photos.count() >= MAX_PHOTOS:
                raise refuse(
                    _("An offer has at most %(max)s photos. Remove one first.")
                    % {"max": MAX_PHOTOS},
                    "too_many",
                )
            last = locked.photos.aggregate(last=Max("position"))["last"]
            photo.offer, photo.position = locked, 0 if last is None else last + 1
            photo.save()
            record(
                "catalogue.offer_photo.added",
                actor=actor,
                obj=photo,
                changes={
                    "offer_id": locked.pk,
                    "alt_text": alt,
                    "format": cleaned.format,
                    "size": [cleaned.width, cleaned.height],
                },
            )
    except BaseException:
        _delete_files(stored)
        raise
    return photo


def remove_photo(*, actor: Actor, photo: OfferPhoto) -> None:
    """Delete a photo and, once the deletion is committed, its files."""
    _own(actor, photo.offer)
    names = [photo.image.name or "", photo.thumbnail.name or ""]
    with transaction.atomic():
        record(
            "catalogue.offer_photo.removed",
            actor=actor,
            obj=photo,
            changes={"offer_id": photo.offer_id, "alt_text": photo.alt_text},
        )
        OfferPhoto.objects.filter(pk=photo.pk).delete()
        transaction.on_commit(lambda: _delete_files(names))


def move_photo(*, actor: Actor, photo: OfferPhoto, up: bool) -> None:
    """Swap a photo with its neighbour (the first photo is the one on the offer's card)."""
    _own(actor, photo.offer)
    with transaction.atomic():
        Offer.objects.select_for_update().get(pk=photo.offer_id)
        photos = list(OfferPhoto.objects.filter(offer_id=photo.offer_id))
        index = next(i for i, p in enumerate(photos) if p.pk == photo.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(photos):
            return
        photos[index], photos[other] = photos[other], photos[index]
        for position, each in enumerate(photos):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position", "updated_at"])


# --- Reads ----------------------------------------------------------------------------------


def offer_photos(offer: Offer) -> list[OfferPhoto]:
    return list(offer.photos.all())


def get_photo(actor: Actor, offer: Offer, pk: int) -> OfferPhoto:
    """A photo of an offer the actor sees (get it with offers_selectors.get_offer); else 404."""
    queryset: QuerySet[OfferPhoto] = OfferPhoto.objects.filter(offer=offer).select_related("offer")
    return get_visible_or_404(queryset, actor, pk=pk)
