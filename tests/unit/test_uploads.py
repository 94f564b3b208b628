"""Uploaded files are told apart by their first bytes, never by their name, and held to a count and a size;
images are decoded and re-encoded without their metadata, and refused when too large or unreadable."""
import hashlib
import io

import pytest
from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from storefront import uploads
from storefront.uploads import Upload, UploadProblem
from tests.images import FORMATS, SERIAL, image, phone_exif, png_header, truncated_jpeg

PHOTOS = ("image/jpeg", "image/png", "image/webp")
DOCUMENTS = ("application/pdf", "image/jpeg", "image/png")


@pytest.mark.parametrize("content, kind", [
    (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
    (b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "image/webp"),
    (b"RIFF\x10\x00\x00\x00WAVEfmt " + b"\x00" * 20, None),  # a sound, not a photo
    (b"%PDF-1.4\n", None),  # a document: not among the photos' kinds
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
    (b"", None),
])
def test_a_photo_is_recognised_by_its_content(content, kind):
    assert uploads.kind_of(content, PHOTOS) == kind


def files(*pairs):
    return [Upload(name, io.BytesIO(content)) for name, content in pairs]


def test_files_are_read_with_their_cleaned_name_type_size_and_hash_and_empty_inputs_are_skipped():
    read = uploads.read(files(("C:\\fakepath\\front\x07.png", image()), ("", b"")), PHOTOS, 2, 10_000)
    assert [(f["name"], f["type"]) for f in read] == [("front.png", "image/png")]
    assert read[0]["size"] == len(read[0]["content"]) and read[0]["sha256"] == hashlib.sha256(read[0]["content"]).hexdigest()


@pytest.mark.parametrize("pairs, reason, name", [
    ((("a.png", b"\x89PNG\r\n\x1a\n"),) * 3, "too_many", ""),
    ((("big.png", b"\x89PNG\r\n\x1a\n" + b"x" * 100),), "too_large", "big.png"),
    ((("page.png", b"<html><script>alert(1)</script>"),), "wrong_type", "page.png"),
])
def test_the_first_file_breaking_a_rule_is_named(pairs, reason, name):
    with pytest.raises(UploadProblem) as problem:
        uploads.read(files(*pairs), PHOTOS, 2, 100)
    assert (problem.value.reason, problem.value.name) == (reason, name)


def test_stored_files_get_random_names_and_are_found_back_by_index(tmp_path):
    read = uploads.read(files(("a.png", image())), PHOTOS, 1, 10_000)
    stored = uploads.store(tmp_path / "photos", read)
    path, info = uploads.stored_file(tmp_path / "photos", stored, 0)
    assert path.read_bytes() == read[0]["content"] and info["name"] == "a.png" and len(info["stored"]) == 32
    assert uploads.stored_file(tmp_path / "photos", stored, 1) is None
    uploads.discard(tmp_path / "photos", stored)
    assert uploads.stored_file(tmp_path / "photos", stored, 0) is None


def read_one(content: bytes, kinds=PHOTOS) -> dict:
    return uploads.read(files(("photo", content)), kinds, 1, 1024 * 1024)[0]


@pytest.mark.parametrize("kind", PHOTOS)
def test_an_image_is_stored_upright_without_its_metadata(kind):
    xmp = b"<x:xmpmeta>Home, 4 Rue X</x:xmpmeta>"
    if kind == "image/png":  # PNG keeps XMP and comments in text chunks
        text = PngInfo()
        text.add_itxt("XML:com.adobe.xmp", xmp.decode())
        text.add_text("Comment", "Home, 4 Rue X")
        sent = image(kind, exif=phone_exif(), pnginfo=text)
    else:
        sent = image(kind, exif=phone_exif(), xmp=xmp, **({"comment": b"Home, 4 Rue X"} if kind == "image/jpeg" else {}))
    assert SERIAL.encode() in sent and b"Home" in sent
    read = read_one(sent)
    content = read["content"]
    assert read["type"] == kind and read["size"] == len(content) and read["sha256"] == hashlib.sha256(content).hexdigest()
    assert SERIAL.encode() not in content and b"Phonemaker" not in content and b"Home" not in content
    with Image.open(io.BytesIO(content)) as stored:
        assert stored.format == FORMATS[kind] and not stored.getexif()
        assert not {"exif", "xmp", "comment", "Comment", "XML:com.adobe.xmp"} & set(stored.info)
        assert stored.size == (20, 40)  # turned as the orientation said: the blue corner is now top right
        assert stored.convert("RGB").getpixel((17, 2))[2] > 200 and stored.convert("RGB").getpixel((2, 2))[0] > 200


def test_the_colour_profile_and_a_palettes_transparency_are_kept():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    with Image.open(io.BytesIO(read_one(image("image/jpeg", icc_profile=srgb))["content"])) as stored:
        assert stored.info["icc_profile"] == srgb
    palette = Image.new("P", (8, 8), 0)
    out = io.BytesIO()
    palette.save(out, "PNG", transparency=0)
    with Image.open(io.BytesIO(read_one(out.getvalue())["content"])) as stored:
        assert stored.info["transparency"] == 0


@pytest.mark.parametrize("width, height", [
    (8000, 6000),  # 48 megapixels: above the shop's limit, below Pillow's own
    (50_000, 50_000),  # 2.5 gigapixels in a 100-byte file: Pillow's bomb check would refuse it too
])
def test_an_image_declaring_too_many_pixels_is_refused_before_its_pixels_are_decoded(width, height):
    # The file holds no pixel data: decoding it would fail as "unreadable", so this reason says it was not decoded.
    with pytest.raises(UploadProblem) as problem:
        uploads.read(files(("huge.png", png_header(width, height))), PHOTOS, 1, 1024)
    assert (problem.value.reason, problem.value.name) == ("too_many_pixels", "huge.png")


def test_the_pixel_limit_is_the_shops():
    assert uploads.MAX_PIXELS == 40_000_000 and Image.MAX_IMAGE_PIXELS > uploads.MAX_PIXELS  # Pillow's left as it was


@pytest.mark.parametrize("content", [
    truncated_jpeg(),
    b"\xff\xd8\xff\xe0" + b"<script>alert(1)</script>" * 20,  # a JPEG's first bytes, then anything
    png_header(64, 64)[:-12] + b"junk",  # a PNG whose pixels are not there
    b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64,  # a WebP's first bytes, no picture
], ids=["truncated_jpeg", "jpeg_magic_then_junk", "png_without_pixels", "webp_magic_only"])
def test_a_file_that_does_not_decode_is_refused_as_unreadable(content):
    with pytest.raises(UploadProblem) as problem:
        uploads.read(files(("broken.jpg", content)), PHOTOS, 1, 10_000)
    assert (problem.value.reason, problem.value.name) == ("unreadable", "broken.jpg")


def test_a_pdf_is_kept_as_sent():
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Author (Someone) >> endobj\ntrailer << >>\n%%EOF\n"
    read = read_one(pdf, DOCUMENTS)
    assert (read["type"], read["content"], read["size"]) == ("application/pdf", pdf, len(pdf))
