"""core.photos: every uploaded photo is checked by content, bounded, turned upright and
re-encoded without metadata — through a small form (PhotosField) and a small API view
(PhotosSerializerField), the two doors the cases app uses."""

import io
import json
import re
import struct
import zlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from PIL import Image, ImageCms
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from gongzhi.core.api_schema import error_codes
from gongzhi.core.photos import MAX_PHOTO_BYTES, PhotosField, PhotosSerializerField, clean_photo


class ReportForm(forms.Form):
    photos = PhotosField(max_count=3)


def submit(*uploads):
    form = ReportForm(data={}, files=MultiValueDict({"photos": list(uploads)}))
    form.is_valid()
    return form


def codes(form):
    return [error.code for error in form.errors.as_data().get("photos", [])]


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg(size=(64, 48), color=(200, 30, 30), **save_kwargs) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", **save_kwargs)
    return out.getvalue()


def phone_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "HUAWEI"  # Make
    exif[0x0110] = "Mate 60 Pro"  # Model
    exif[0xA431] = "SN-8841-XYZ"  # BodySerialNumber (Exif IFD tag, stored here for the test)
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (40.0, 39.0, 52.8)  # Qingshan district, Baotou
    gps[3], gps[4] = "E", (109.0, 50.0, 31.2)
    return exif


def segments(data: bytes) -> list[int]:
    """The JPEG's marker bytes before the image data (APP1 = 0xE1 holds EXIF and XMP)."""
    assert data[:2] == b"\xff\xd8"
    found, pos = [], 2
    while pos < len(data):
        marker = data[pos + 1]
        found.append(marker)
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    return found


def opened(content_file) -> Image.Image:
    content_file.seek(0)
    return Image.open(io.BytesIO(content_file.read()))


def png_header_only(width, height) -> bytes:
    """A PNG that claims width × height grey pixels in a few dozen bytes: a bomb."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


# --- what comes out -------------------------------------------------------------------------


def test_gps_and_device_exif_are_gone():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = jpeg(
        exif=phone_exif(),
        comment=b"shot at Building 3",
        xmp=b"<x:xmpmeta>GPS</x>",
        icc_profile=profile,
    )
    assert b"HUAWEI" in original and b"Exif" in original  # the fixture really carries them
    assert b"ICC_PROFILE" in original

    form = submit(upload(original))

    assert form.is_valid(), form.errors
    [photo] = form.cleaned_data["photos"]
    data = photo.read()
    assert 0xE1 not in segments(data)  # no APP1 segment: neither EXIF nor XMP
    assert 0xFE not in segments(data)  # no comment
    assert 0xE2 not in segments(data)  # no ICC profile: the colours were converted to sRGB
    for trace in (b"Exif", b"HUAWEI", b"Mate 60", b"SN-8841", b"xmpmeta", b"Building 3"):
        assert trace not in data
    image = opened(photo)
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}


def test_png_named_jpg_is_read_by_content_and_reencoded():
    out = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 255, 0)).save(out, "PNG")  # fully transparent

    form = submit(upload(out.getvalue(), name="IMG_0001.jpg"))

    assert form.is_valid(), form.errors
    [photo] = form.cleaned_data["photos"]
    assert re.fullmatch(r"[0-9a-f-]{36}\.jpg", photo.name)
    image = opened(photo)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (30, 20))
    assert image.getpixel((15, 10)) == (255, 255, 255)  # transparency becomes white, not black


def test_text_named_jpg_is_refused_with_its_code_and_name():
    form = submit(upload("买菜清单：白菜、豆腐、鸡蛋\n".encode() * 10, name="report.jpg"))

    assert not form.is_valid()
    assert codes(form) == ["not_an_image"]
    assert "report.jpg" in form.errors["photos"][0]


def test_truncated_jpeg_is_not_an_image():
    form = submit(upload(jpeg(size=(400, 300))[:300]))

    assert codes(form) == ["not_an_image"]


def test_file_over_10_mb_is_refused_before_decoding(monkeypatch):
    opened_files = []
    monkeypatch.setattr(Image, "open", lambda *a, **k: opened_files.append(a))
    big = jpeg() + b"\x00" * (11 * 1024 * 1024)

    form = submit(upload(big))

    assert codes(form) == ["photo_too_large"]
    assert opened_files == []


def test_a_file_without_size_is_still_cut_at_the_limit(monkeypatch):
    """A plain file object (no `size`): at most the limit + 1 byte is read, none decoded."""
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("decoded"))
    stream = io.BytesIO(b"\xff\xd8" + b"\x00" * MAX_PHOTO_BYTES)

    with pytest.raises(Exception) as refused:
        clean_photo(stream)

    assert refused.value.code == "photo_too_large"


def test_decompression_bomb_is_refused():
    """A 100,000 × 100,000 PNG of a few dozen bytes: refused from its header, never decoded."""
    form = submit(upload(png_header_only(100_000, 100_000), name="bomb.png"))

    assert codes(form) == ["photo_too_large"]


def test_pillow_bomb_warning_is_a_refusal_too(monkeypatch):
    """Between 1× and 2× MAX_IMAGE_PIXELS Pillow only warns; that is refused as well."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    out = io.BytesIO()
    Image.new("RGB", (150, 100)).save(out, "PNG")  # 15,000 pixels: a warning, not an error

    form = submit(upload(out.getvalue()))

    assert codes(form) == ["photo_too_large"]


def test_exif_orientation_is_applied_to_the_pixels():
    """Stored 40 × 20, left half red, right half blue, tagged "rotate 90° clockwise"
    (orientation 6, how phones save portrait shots): it comes out 20 × 40, red on top."""
    image = Image.new("RGB", (40, 20), (255, 0, 0))
    image.paste((0, 0, 255), (20, 0, 40, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=phone_exif(orientation=6))

    form = submit(upload(out.getvalue()))

    assert form.is_valid(), form.errors
    result = opened(form.cleaned_data["photos"][0])
    assert result.size == (20, 40)
    top, bottom = result.getpixel((10, 5)), result.getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_longest_side_is_at_most_2560():
    form = submit(upload(jpeg(size=(6000, 1500))))

    assert form.is_valid(), form.errors
    assert opened(form.cleaned_data["photos"][0]).size == (2560, 640)


# --- the form field ---------------------------------------------------------------------------


def test_widget_opens_the_back_camera_for_several_images():
    html = str(ReportForm()["photos"])

    assert 'accept="image/*"' in html
    assert 'capture="environment"' in html
    assert "multiple" in html
    assert 'type="file"' in html


def test_desk_variant_without_capture():
    field = PhotosField(capture=None)

    assert "capture" not in field.widget.attrs


def test_several_photos_each_cleaned():
    form = submit(upload(jpeg(), name="a.jpg"), upload(jpeg(color=(0, 90, 0)), name="b.jpg"))

    assert form.is_valid(), form.errors
    names = [p.name for p in form.cleaned_data["photos"]]
    assert len(names) == 2 and len(set(names)) == 2


def test_too_many_photos_refused_before_any_is_decoded(monkeypatch):
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("decoded"))

    form = submit(*[upload(jpeg(), name=f"{i}.jpg") for i in range(4)])

    assert codes(form) == ["too_many_photos"]


def test_at_least_one_photo_is_required():
    form = submit()

    assert codes(form) == ["required"]


def test_every_bad_file_is_named_once():
    form = submit(upload(jpeg(), name="ok.jpg"), upload(b"hello", name="notes.jpg"))

    assert codes(form) == ["not_an_image"]
    assert "notes.jpg" in form.errors["photos"][0]


def test_messages_are_in_chinese_by_default():
    with translation.override("zh-hans"):
        form = submit(upload(b"hello", name="notes.jpg"))
        message = form.errors["photos"][0]

    assert "notes.jpg" in message
    assert "图片" in message or "照片" in message


# --- the API field ----------------------------------------------------------------------------


class ReportSerializer(serializers.Serializer):
    photos = PhotosSerializerField(max_count=2)


class ReportView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def post(self, request):
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        stored = serializer.validated_data["photos"]
        return Response({"names": [p.name for p in stored], "sizes": [p.size for p in stored]})


def post(*uploads):
    """The view's answer as the client reads it: status and JSON body."""
    data = {"photos": list(uploads)} if uploads else {}
    request = APIRequestFactory().post("/report", data, format="multipart")
    response = ReportView.as_view()(request).render()
    return response.status_code, json.loads(response.content)


def test_api_takes_several_photos_and_strips_them():
    status, body = post(upload(jpeg(exif=phone_exif()), name="a.jpg"), upload(jpeg(), name="b.jpg"))

    assert status == 200, body
    assert all(name.endswith(".jpg") and name not in ("a.jpg", "b.jpg") for name in body["names"])


def test_api_refuses_too_many_photos_with_its_code(monkeypatch):
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("decoded"))

    status, body = post(*[upload(jpeg(), name=f"{i}.jpg") for i in range(3)])

    assert status == 400
    assert body["photos"][0]["code"] == "too_many_photos"


def test_api_refuses_a_text_file_with_its_code_and_position():
    status, body = post(upload(jpeg(), name="a.jpg"), upload(b"plain text", name="b.jpg"))

    assert status == 400
    assert list(body["photos"]) == ["1"]  # the second file; the first one was fine
    [error] = body["photos"]["1"]
    assert error["code"] == "not_an_image"
    assert "b.jpg" in error["message"]


def test_api_needs_at_least_one_photo():
    status, body = post()

    assert status == 400
    assert body["photos"][0]["code"] == "required"


def test_api_schema_lists_the_photo_codes():
    codes = error_codes(PhotosSerializerField())

    assert {"required", "not_an_image", "photo_too_large", "too_many_photos"} <= set(codes)
