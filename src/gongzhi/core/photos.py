"""One sanitizer for every uploaded photo (case reports, after-photos, verification photos).

`clean_photo` is the only way a photo gets stored: the content must open with Pillow (the
name and the content type the client sends prove nothing), it is at most MAX_PHOTO_BYTES
before anything is decoded and at most Pillow's MAX_IMAGE_PIXELS once its header is read
(a small file can unpack into gigabytes), and it leaves as a fresh JPEG, turned upright,
at most MAX_SIDE pixels on its longest side and without any metadata: no EXIF (GPS
position, phone model, serial numbers), no XMP, no comment. A case keeps its location in
its own field, never in the picture.

`PhotosField` (forms) and `PhotosSerializerField` (DRF) take 1–N files and call it for
each; both refuse more than their maximum before decoding any.
"""

import io
import math
import uuid
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from rest_framework import serializers

from gongzhi.core.errors import Common, refuse

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2560
JPEG_QUALITY = 85
MAX_PHOTOS = 6  # issue #13: a report carries 1–6 photos

_SRGB = ImageCms.createProfile("sRGB")
# The messages of the three refusals (also the API field's error_messages, from which the
# OpenAPI schema lists a field's codes: core.api_schema.error_codes).
MESSAGES = {
    Common.NOT_AN_IMAGE: _(
        "“%(name)s” is not a picture that can be read. Attach a photo (JPEG, PNG, …)."
    ),
    Common.PHOTO_TOO_LARGE: _(
        "“%(name)s” is larger than %(mb)d MB. Lower the camera's resolution and try again."
    ),
    Common.TOO_MANY_PHOTOS: ngettext_lazy(
        "At most %(max)d photo can be attached; %(count)d were sent.",
        "At most %(max)d photos can be attached; %(count)d were sent.",
        "max",
    ),
}
# Pillow raises these on files it cannot read; anything else is a bug worth a 500.
_UNREADABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


def clean_photo(uploaded) -> ContentFile:
    """`uploaded` (any file object) as a clean JPEG named `<uuid>.jpg`, or a refusal:
    photo_too_large (bytes or pixels) or not_an_image."""
    name = getattr(uploaded, "name", "") or ""
    params = {"name": name.rsplit("/", 1)[-1], "mb": MAX_PHOTO_BYTES // (1024 * 1024)}
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        _too_large(params)
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    # Read one byte more than allowed: a file object whose size was unknown or wrong
    # still cannot make us hold or decode more than the limit.
    data = uploaded.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        _too_large(params)
    image = _decode(data, params)
    return ContentFile(_encode(image), name=f"{uuid.uuid4()}.jpg")


def clean_photos(files, *, max_count: int = MAX_PHOTOS) -> list[ContentFile]:
    """Several photos: the count is checked before any is decoded."""
    files = list(files)
    check_count(len(files), max_count)
    return [clean_photo(f) for f in files]


def check_count(count: int, max_count: int = MAX_PHOTOS, *, field: str | None = None) -> None:
    """Refuses more than `max_count` photos (too_many_photos), before any is read."""
    if count > max_count:
        code = Common.TOO_MANY_PHOTOS
        refuse(code, MESSAGES[code], field=field, params={"max": max_count, "count": count})


def _too_large(params):
    refuse(Common.PHOTO_TOO_LARGE, MESSAGES[Common.PHOTO_TOO_LARGE], params=params)


def _decode(data: bytes, params) -> Image.Image:
    try:
        # A bomb warning (1–2× MAX_IMAGE_PIXELS) is refused like Pillow's own error (> 2×).
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            # Checked again here: catch_warnings is process-wide, so another thread leaving
            # its own block could turn the warning back into a mere warning.
            pixels_limit = Image.MAX_IMAGE_PIXELS
            if pixels_limit and image.width * image.height > pixels_limit:
                raise Image.DecompressionBombError("too many pixels")
            # JPEG can decode at 1/2, 1/4, 1/8 scale: far less memory for a big photo.
            scale = MAX_SIDE / max(image.size)
            if scale < 1:
                image.draft(
                    "RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale))
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        refuse(
            Common.PHOTO_TOO_LARGE,
            _("“%(name)s” has too many pixels to be a photo."),
            params=params,
        )
    except _UNREADABLE:
        refuse(Common.NOT_AN_IMAGE, MESSAGES[Common.NOT_AN_IMAGE], params=params)
    return image


def _encode(image: Image.Image) -> bytes:
    image = ImageOps.exif_transpose(image)  # the pixels turned upright; the tag is dropped below
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    image = _to_srgb(image)
    image = _flatten(image)
    image.info = {}  # nothing of the original's metadata may travel with the pixels
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours kept right without storing the camera's profile (which can name the device)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a broken profile: the colours stay as they are
    return converted or image  # (None only when converting in place, which this does not)


def _flatten(image: Image.Image) -> Image.Image:
    """RGB or greyscale for JPEG; transparent parts become white, not black."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        image = image.convert("I").point(lambda v: v / 256).convert("L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode not in ("RGB", "L"):
        return image.convert("RGB")
    return image


# --- forms --------------------------------------------------------------------------------


class PhotosInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """1–`max_count` photos from one `<input type=file multiple>`; cleans to a list of
    ContentFile. `capture="environment"` opens the back camera on phones; pass
    `capture=None` where people pick existing files (the desk)."""

    def __init__(
        self, *, max_count: int = MAX_PHOTOS, capture: str | None = "environment", **kwargs
    ):
        self.max_count = max_count
        attrs = {"accept": "image/*", "multiple": True}
        if capture:
            attrs["capture"] = capture
        kwargs.setdefault("widget", PhotosInput(attrs=attrs))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        check_count(len(files), self.max_count)
        # Django's own checks per file (a name, not empty), then every file's verdict at once.
        errors, cleaned = [], []
        for upload in files:
            try:
                cleaned.append(clean_photo(super().clean(upload, initial)))
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


# --- API ----------------------------------------------------------------------------------


class PhotoUploadField(serializers.FileField):
    """One photo in a multipart API request, cleaned by clean_photo."""

    def to_internal_value(self, data):
        return clean_photo(super().to_internal_value(data))


class PhotosSerializerField(serializers.ListField):
    """1–`max_count` photos sent as repeated multipart parts of the same name."""

    default_error_messages = {str(code): message for code, message in MESSAGES.items()}

    def __init__(self, *, max_count: int = MAX_PHOTOS, **kwargs):
        self.max_count = max_count
        kwargs.setdefault("child", PhotoUploadField())
        kwargs.setdefault("allow_empty", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, list | tuple):
            check_count(len(data), self.max_count)
        return super().to_internal_value(data)
