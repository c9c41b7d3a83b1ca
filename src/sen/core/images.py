"""Clean an uploaded photo: check it by its content, strip every byte of metadata, resize.

An upload is trusted for nothing (SECURITY-CHECKLIST, File upload V5):
- JPEG, PNG or WebP only, at most 5 MB, recognised by its content (Pillow opens
  and verifies it) and the file name's extension must match what was found;
- images larger than MAX_PIXELS are refused before their pixels are decoded
  (decompression bombs);
- the picture is turned upright (EXIF orientation), its pixels copied into a new
  image (no EXIF, GPS, XMP, ICC or comments survive), scaled to at most 1600 px
  and 480 px for the thumbnail, and saved as JPEG (PNG when it is transparent).
Callers store the result under a server-generated name and serve it only through
an authorised view (offer photos, logbook photos, portfolio evidence).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600
THUMB_SIDE = 480
MAX_PIXELS = 50_000_000  # 50 megapixels: more than any phone camera, far below a bomb
JPEG_QUALITY = 85
# Extension → the format Pillow must detect in the content.
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded photo and its thumbnail, without any metadata."""

    format: str  # "jpeg" or "png"
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def refuse(message: str, code: str, field: str = "image") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _pixels_only(picture: Image.Image) -> tuple[Image.Image, str]:
    """A new image holding only the pixels (upright), and the format to store it in."""
    upright = ImageOps.exif_transpose(picture)
    transparent = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    mode, fmt = ("RGBA", "png") if transparent else ("RGB", "jpeg")
    converted = upright.convert(mode)
    # frombytes starts from an empty image: no info, EXIF, XMP, ICC profile or comments.
    return Image.frombytes(mode, converted.size, converted.tobytes()), fmt


def _encode(picture: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "png":
        picture.save(out, format="PNG", optimize=True)
    else:
        picture.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def clean_image(upload: IO[bytes], filename: str, size: int | None = None) -> CleanImage:
    """Check an uploaded photo and re-encode it; ValidationError (on "image") when refused."""
    if size is not None and size > MAX_BYTES:
        raise refuse(_("The photo is larger than 5 MB. Choose a smaller photo."), "too_large")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise refuse(_("The photo is larger than 5 MB. Choose a smaller photo."), "too_large")
    expected = EXTENSIONS.get(PurePath(filename).suffix.lower())
    if expected is None:
        raise refuse(_("Upload a photo in JPEG, PNG or WebP format."), "extension")
    not_an_image = refuse(
        _("This file is not a JPEG, PNG or WebP photo, or it is damaged."), "invalid"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                found = probe.format
                width, height = probe.size
                if found in EXTENSIONS.values() and width * height <= MAX_PIXELS:
                    probe.verify()
            if found not in EXTENSIONS.values():
                raise not_an_image
            if found != expected:
                raise refuse(
                    _(
                        "The file name says %(named)s but the file is a %(found)s image. "
                        "Save it again with the right extension."
                    )
                    % {"named": expected, "found": found},
                    "extension_mismatch",
                )
            if width * height > MAX_PIXELS:
                raise refuse(
                    _("The photo has too many pixels (at most %(mp)s megapixels).")
                    % {"mp": MAX_PIXELS // 1_000_000},
                    "too_many_pixels",
                )
            with Image.open(io.BytesIO(data)) as picture:
                picture.load()
                clean, fmt = _pixels_only(picture)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise refuse(
            _("The photo has too many pixels (at most %(mp)s megapixels).")
            % {"mp": MAX_PIXELS // 1_000_000},
            "too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise not_an_image from exc
    clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = clean.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return CleanImage(fmt, _encode(clean, fmt), _encode(thumb, fmt), clean.width, clean.height)
