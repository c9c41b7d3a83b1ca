"""Photos with a logbook entry: cleaned by sen.core.images (checked by content, resized,
EXIF/GPS stripped), stored under a generated name in MEDIA_ROOT/logbook/, served only
through the authorised views. At most MAX_PHOTOS per entry, only while the student may
still change the entry."""

from __future__ import annotations

import uuid
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from sen.audit.services import record
from sen.core.actor import Actor, Role
from sen.core.images import clean_image, refuse
from sen.logbook.models import EntryPhoto, EntryStatus, LogEntry

MAX_PHOTOS = 4


def _own_editable(actor: Actor, entry: LogEntry) -> None:
    if (
        actor.role != Role.STUDENT
        or actor.user_id is None
        or entry.placement.student.user_id != actor.user_id
    ):
        raise ValidationError(_("Only the student adds photos to their own logbook."))
    if not entry.is_editable:
        raise ValidationError(
            _("This entry is %(status)s: its photos can no longer be changed.")
            % {"status": str(EntryStatus(entry.status).label).lower()}
        )


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def _too_many() -> ValidationError:
    return refuse(
        _("An entry has at most %(max)s photos. Remove one first.") % {"max": MAX_PHOTOS},
        "too_many",
    )


def add_photo(*, actor: Actor, entry: LogEntry, upload: IO[bytes], filename: str) -> EntryPhoto:
    _own_editable(actor, entry)
    if entry.photos.count() >= MAX_PHOTOS:
        raise _too_many()
    cleaned = clean_image(upload, filename, getattr(upload, "size", None))
    ext = "png" if cleaned.format == "png" else "jpg"
    name = uuid.uuid4().hex
    photo = EntryPhoto(
        entry=entry, format=cleaned.format, width=cleaned.width, height=cleaned.height
    )
    photo.image.save(f"{name}.{ext}", ContentFile(cleaned.image), save=False)
    photo.thumbnail.save(f"{name}-thumb.{ext}", ContentFile(cleaned.thumbnail), save=False)
    stored = [photo.image.name or "", photo.thumbnail.name or ""]
    try:
        with transaction.atomic():
            locked = LogEntry.objects.select_for_update().get(pk=entry.pk)
            if locked.photos.count() >= MAX_PHOTOS:
                raise _too_many()
            photo.entry = locked
            photo.save()
            record(
                "logbook.photo.added",
                actor=actor,
                obj=photo,
                changes={
                    "entry": locked.pk,
                    "format": cleaned.format,
                    "size": [cleaned.width, cleaned.height],
                },
            )
    except BaseException:
        _delete_files(stored)
        raise
    return photo


def remove_photo(*, actor: Actor, photo: EntryPhoto) -> None:
    """Delete a photo and, once the deletion is committed, its files."""
    _own_editable(actor, photo.entry)
    names = [photo.image.name or "", photo.thumbnail.name or ""]
    with transaction.atomic():
        record("logbook.photo.removed", actor=actor, obj=photo, changes={"entry": photo.entry_id})
        EntryPhoto.objects.filter(pk=photo.pk).delete()
        transaction.on_commit(lambda: _delete_files(names))
