"""Uploaded files are told apart by their first bytes, never by their name, and held to a count and a size."""
import io

import pytest

from storefront import uploads
from storefront.uploads import Upload, UploadProblem

PHOTOS = ("image/jpeg", "image/png", "image/webp")


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
    read = uploads.read(files(("C:\\fakepath\\front\x07.png", b"\x89PNG\r\n\x1a\nxx"), ("", b"")), PHOTOS, 2, 100)
    assert [(f["name"], f["type"], f["size"], len(f["sha256"])) for f in read] == [("front.png", "image/png", 10, 64)]


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
    stored = uploads.store(tmp_path / "photos", uploads.read(files(("a.png", b"\x89PNG\r\n\x1a\n")), PHOTOS, 1, 100))
    path, info = uploads.stored_file(tmp_path / "photos", stored, 0)
    assert path.read_bytes() == b"\x89PNG\r\n\x1a\n" and info["name"] == "a.png" and len(info["stored"]) == 32
    assert uploads.stored_file(tmp_path / "photos", stored, 1) is None
    uploads.discard(tmp_path / "photos", stored)
    assert uploads.stored_file(tmp_path / "photos", stored, 0) is None
