"""Offer photos: checked by content, cleaned of metadata, stored under new names, in scope."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sen.audit.models import AuditEvent
from sen.catalogue.models import OfferPhoto, OfferStatus
from sen.catalogue.offers_photos import add_photo, move_photo, remove_photo
from sen.core import images
from tests.factories.offers import OfferFactory

GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _jpeg(
    size: tuple[int, int] = (2400, 1200), *, gps: bool = False, rotate: bool = False
) -> bytes:
    picture = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (51.0, 58.0, 12.0), 3: "E", 4: (6.0, 17.0, 30.0)}
    if rotate:
        exif[ORIENTATION] = 6  # the camera was turned: show it rotated 90°
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", exif=exif.tobytes(), comment=b"secret")
    return buffer.getvalue()


def _png(size: tuple[int, int] = (300, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, (10, 200, 10, 128)).save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "application/octet-stream")


def _add(world, offer, name: str = "foto.jpg", data: bytes | None = None, who: str = "contact_a"):  # type: ignore[no-untyped-def]
    upload = _upload(name, _jpeg((80, 60)) if data is None else data)
    return add_photo(
        actor=world.actor(who), offer=offer, upload=upload, filename=name, alt_text="De werkplaats"
    )


def _stored(photo: OfferPhoto, thumbnail: bool = False) -> Image.Image:
    field = photo.thumbnail if thumbnail else photo.image
    with field.open("rb") as handle:
        picture = Image.open(io.BytesIO(handle.read()))
        picture.load()
    return picture


def _refusal(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [e.code or "" for e in error.value.error_dict["image"]]


# --- Cleaning -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_add_photo_strips_exif_and_gps_and_scales_to_1600(world, media) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)

    original = _jpeg((2400, 1200), gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)[1] == "N"

    photo = _add(world, offer, "vakantie.JPG", original)

    stored, thumb = _stored(photo), _stored(photo, thumbnail=True)
    assert (photo.format, photo.width, photo.height) == ("jpeg", 1600, 800)
    assert stored.format == "JPEG"
    assert stored.size == (1600, 800)
    assert thumb.size == (480, 240)
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert "comment" not in stored.info
    assert b"PhoneMaker" not in Path(photo.image.path).read_bytes()
    assert Path(photo.image.name).parent == Path("offers")
    assert "vakantie" not in photo.image.name
    assert {p.parent.name for p in media.rglob("*.jpg")} == {"offers"}


@pytest.mark.django_db
def test_add_photo_turns_the_picture_upright_before_stripping(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)

    photo = _add(world, offer, "staand.jpeg", _jpeg((400, 300), rotate=True))

    assert (photo.width, photo.height) == (300, 400)
    assert dict(_stored(photo).getexif()) == {}


@pytest.mark.django_db
def test_add_photo_keeps_a_transparent_png_as_png(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)

    photo = _add(world, offer, "logo.png", _png())

    stored = _stored(photo)
    assert (photo.format, stored.format, stored.mode, stored.size) == (
        "png",
        "PNG",
        "RGBA",
        (300, 200),
    )
    assert photo.image.name.endswith(".png")


@pytest.mark.django_db
def test_add_photo_accepts_webp_and_stores_jpeg(world) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (1, 2, 3)).save(buffer, format="WEBP")
    offer = OfferFactory(company=world.company_a)

    photo = _add(world, offer, "werk.webp", buffer.getvalue())

    assert (photo.format, _stored(photo).format) == ("jpeg", "JPEG")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("notities.jpg", b"Dit is geen foto maar tekst.\n" * 20, "invalid"),
        ("foto.png", None, "extension_mismatch"),
        ("foto.gif", None, "extension"),
        ("kapot.jpg", None, "invalid"),
    ],
)
def test_add_photo_refuses_what_is_not_the_photo_it_claims(world, media, name, data, code) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)
    if data is None:
        data = _jpeg((80, 60))
        if name == "kapot.jpg":
            data = data[:200]

    with pytest.raises(ValidationError) as error:
        _add(world, offer, name, data)

    assert _refusal(error) == [code]
    assert OfferPhoto.objects.count() == 0
    assert list(media.rglob("*.*")) == []


@pytest.mark.django_db
def test_add_photo_refuses_more_than_5_mb(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)
    data = _jpeg((80, 60)) + b"\0" * (5 * 1024 * 1024)

    with pytest.raises(ValidationError) as error:
        _add(world, offer, "groot.jpg", data)

    assert _refusal(error) == ["too_large"]


@pytest.mark.django_db
def test_add_photo_refuses_a_decompression_bomb(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    offer = OfferFactory(company=world.company_a)

    with pytest.raises(ValidationError) as error:
        _add(world, offer, "bom.png", _png((200, 200)))

    assert _refusal(error) == ["too_many_pixels"]


@pytest.mark.django_db
def test_add_photo_refuses_a_seventh_photo(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)
    for _ in range(6):
        _add(world, offer)

    with pytest.raises(ValidationError) as error:
        _add(world, offer)

    assert _refusal(error) == ["too_many"]
    assert list(offer.photos.values_list("position", flat=True)) == [0, 1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_add_photo_requires_a_description(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)

    with pytest.raises(ValidationError) as error:
        add_photo(
            actor=world.actor("contact_a"),
            offer=offer,
            upload=_upload("a.jpg", _jpeg((8, 8))),
            filename="a.jpg",
            alt_text="   ",
        )

    assert set(error.value.error_dict) == {"alt_text"}


@pytest.mark.django_db
def test_add_photo_refuses_another_companys_contact(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)

    with pytest.raises(ValidationError):
        _add(world, offer, who="contact_b")

    assert OfferPhoto.objects.count() == 0


@pytest.mark.django_db
def test_add_photo_is_audited(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)

    photo = _add(world, offer)

    event = AuditEvent.objects.get(action="catalogue.offer_photo.added")
    assert (event.object_id, event.company_id) == (str(photo.pk), world.company_a.pk)


# --- Remove and reorder ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_remove_photo_deletes_row_and_files(world, media) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)
    photo = _add(world, offer)
    files = [Path(photo.image.path), Path(photo.thumbnail.path)]

    remove_photo(actor=world.actor("contact_a"), photo=photo)

    assert OfferPhoto.objects.count() == 0
    assert [f.exists() for f in files] == [False, False]
    assert AuditEvent.objects.filter(action="catalogue.offer_photo.removed").count() == 1


@pytest.mark.django_db
def test_remove_photo_refuses_another_companys_contact(world) -> None:  # type: ignore[no-untyped-def]
    photo = _add(world, OfferFactory(company=world.company_a))

    with pytest.raises(ValidationError):
        remove_photo(actor=world.actor("contact_b"), photo=photo)

    assert OfferPhoto.objects.count() == 1


@pytest.mark.django_db
def test_move_photo_swaps_with_its_neighbour(world) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)
    first, second = _add(world, offer), _add(world, offer)

    move_photo(actor=world.actor("contact_a"), photo=second, up=True)

    assert list(offer.photos.values_list("pk", flat=True)) == [second.pk, first.pk]


# --- Views ----------------------------------------------------------------------------------


def _photo_url(photo: OfferPhoto, name: str = "catalogue:offer_photo") -> str:
    return reverse(name, kwargs={"pk": photo.offer_id, "photo_pk": photo.pk})


@pytest.mark.django_db
def test_photo_of_published_offer_is_served_inline_to_a_student(world, login) -> None:  # type: ignore[no-untyped-def]
    photo = _add(world, OfferFactory(company=world.company_a, status=OfferStatus.PUBLISHED))

    response = login(world.actor("student_b")).get(_photo_url(photo))

    body = response.content
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["Content-Disposition"] == (
        f'inline; filename="offer-{photo.offer_id}-photo-{photo.pk}.jpg"'
    )
    assert Image.open(io.BytesIO(body)).format == "JPEG"


@pytest.mark.django_db
def test_photo_thumbnail_of_png_has_png_type(world, login) -> None:  # type: ignore[no-untyped-def]
    photo = _add(
        world, OfferFactory(company=world.company_a, status=OfferStatus.PUBLISHED), "l.png", _png()
    )

    response = login(world.actor("student_a")).get(
        _photo_url(photo, "catalogue:offer_photo_thumbnail")
    )

    assert (response.status_code, response["Content-Type"]) == (200, "image/png")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["student_a", "contact_b", "parent_a"])
def test_photo_of_draft_offer_is_404_outside_the_company(world, login, who) -> None:  # type: ignore[no-untyped-def]
    photo = _add(world, OfferFactory(company=world.company_a))

    response = login(world.actor(who)).get(_photo_url(photo))

    assert response.status_code == 404


@pytest.mark.django_db
def test_photo_of_another_offer_is_404(world, login) -> None:  # type: ignore[no-untyped-def]
    photo = _add(world, OfferFactory(company=world.company_a, status=OfferStatus.PUBLISHED))
    other = OfferFactory(company=world.company_a, status=OfferStatus.PUBLISHED)

    response = login(world.actor("student_a")).get(
        reverse("catalogue:offer_photo", kwargs={"pk": other.pk, "photo_pk": photo.pk})
    )

    assert response.status_code == 404


@pytest.mark.django_db
def test_photo_add_view_stores_photo_and_redirects(world, login) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)
    url = reverse("catalogue:offer_photo_add", kwargs={"pk": offer.pk})

    response = login(world.actor("contact_a")).post(
        url, {"image": _upload("foto.jpg", _jpeg((90, 60), gps=True)), "alt_text": "Werkbank"}
    )

    assert response.status_code == 302
    assert list(offer.photos.values_list("alt_text", flat=True)) == ["Werkbank"]


@pytest.mark.django_db
def test_photo_add_view_shows_refusal_beside_the_field(world, login) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a)
    url = reverse("catalogue:offer_photo_add", kwargs={"pk": offer.pk})

    response = login(world.actor("contact_a")).post(
        url, {"image": _upload("tekst.jpg", b"hello" * 50), "alt_text": "Iets"}
    )

    assert response.status_code == 200
    assert response.context["photo_form"].errors == {
        "image": ["This file is not a JPEG, PNG or WebP photo, or it is damaged."]
    }
    assert OfferPhoto.objects.count() == 0


@pytest.mark.django_db
def test_photo_add_view_is_404_for_another_companys_contact(world, login) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a, status=OfferStatus.PUBLISHED)
    url = reverse("catalogue:offer_photo_add", kwargs={"pk": offer.pk})

    response = login(world.actor("contact_b")).post(
        url, {"image": _upload("foto.jpg", _jpeg((90, 60))), "alt_text": "Werkbank"}
    )

    assert response.status_code == 404
    assert OfferPhoto.objects.count() == 0


@pytest.mark.django_db
def test_offer_detail_and_card_show_photos_with_alt_text(world, login) -> None:  # type: ignore[no-untyped-def]
    offer = OfferFactory(company=world.company_a, status=OfferStatus.PUBLISHED)
    photo = _add(world, offer)
    client = login(world.actor("student_a"))

    detail = client.get(reverse("catalogue:offer_detail", kwargs={"pk": offer.pk})).content.decode()
    listing = client.get(reverse("catalogue:offers")).content.decode()

    thumb = _photo_url(photo, "catalogue:offer_photo_thumbnail")
    assert f'<a href="{_photo_url(photo)}"><img src="{thumb}" alt="De werkplaats"' in detail
    assert 'data-testid="photo-form"' not in detail
    assert f'src="{thumb}" alt="De werkplaats"' in listing
