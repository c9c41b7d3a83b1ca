"""Photos with an entry: cleaned, stored under generated names, at most four, owner only."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from sen.logbook.models import EntryPhoto, EntryStatus
from sen.logbook.services import photos as services
from tests.factories.logbook import entry, jpeg, last_planned_day, png

pytestmark = pytest.mark.django_db


def upload(content: bytes, name: str = "foto.jpg") -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name  # type: ignore[attr-defined]
    return handle


def test_a_photo_is_cleaned_and_stored_under_a_generated_name(world, placement_a) -> None:
    draft = entry(placement_a, last_planned_day(placement_a))

    photo = services.add_photo(
        actor=world.actor("student_a"),
        entry=draft,
        upload=upload(jpeg(with_gps=True), "IMG_1234 thuis.jpg"),
        filename="IMG_1234 thuis.jpg",
    )

    assert photo.image.name.startswith("logbook/")
    assert "IMG_1234" not in photo.image.name
    with photo.image.open("rb") as handle, Image.open(handle) as stored:
        assert stored.getexif() == {}
        assert "exif" not in stored.info


def test_a_file_whose_extension_lies_is_refused(world, placement_a) -> None:
    draft = entry(placement_a, last_planned_day(placement_a))

    with pytest.raises(ValidationError) as refused:
        services.add_photo(
            actor=world.actor("student_a"),
            entry=draft,
            upload=upload(png(), "foto.jpg"),
            filename="foto.jpg",
        )

    assert refused.value.message_dict == {
        "image": [
            "The file name says JPEG but the file is a PNG image. "
            "Save it again with the right extension."
        ]
    }
    assert not EntryPhoto.objects.exists()


def test_at_most_four_photos(world, placement_a) -> None:
    draft = entry(placement_a, last_planned_day(placement_a))
    for _ in range(services.MAX_PHOTOS):
        services.add_photo(
            actor=world.actor("student_a"), entry=draft, upload=upload(jpeg()), filename="a.jpg"
        )

    with pytest.raises(ValidationError) as refused:
        services.add_photo(
            actor=world.actor("student_a"), entry=draft, upload=upload(jpeg()), filename="a.jpg"
        )

    assert refused.value.message_dict == {
        "image": ["An entry has at most 4 photos. Remove one first."]
    }


def test_photos_of_an_approved_entry_cannot_change(world, placement_a) -> None:
    approved = entry(placement_a, last_planned_day(placement_a), status=EntryStatus.APPROVED)

    with pytest.raises(ValidationError):
        services.add_photo(
            actor=world.actor("student_a"), entry=approved, upload=upload(jpeg()), filename="a.jpg"
        )


def test_only_the_student_adds_photos(world, placement_a) -> None:
    draft = entry(placement_a, last_planned_day(placement_a))

    with pytest.raises(ValidationError):
        services.add_photo(
            actor=world.actor("supervisor_a"), entry=draft, upload=upload(jpeg()), filename="a.jpg"
        )


def test_remove_photo_deletes_the_row_and_its_files(
    world, placement_a, django_capture_on_commit_callbacks
) -> None:
    draft = entry(placement_a, last_planned_day(placement_a))
    photo = services.add_photo(
        actor=world.actor("student_a"), entry=draft, upload=upload(jpeg()), filename="a.jpg"
    )
    storage, name = photo.image.storage, photo.image.name

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_photo(actor=world.actor("student_a"), photo=photo)

    assert not EntryPhoto.objects.exists()
    assert not storage.exists(name)
