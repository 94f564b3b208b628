"""Files people upload (a seller's documents, an inspector's photos): told apart by their first bytes, never by
their name, held to a count and a size, and stored under random names in a private folder.

Images (JPEG, PNG, WebP) are decoded and re-encoded before they are kept: what is stored and shown is the clean
copy, without the metadata a phone writes (GPS position, device serials, the thumbnail of the uncropped picture),
and a file that does not decode, or declares more pixels than MAX_PIXELS, is refused. PDFs are kept as sent: they
are not re-encoded (no PDF library here), only ever downloaded as attachments, never shown inline."""
from __future__ import annotations

import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from PIL import Image, ImageOps

# The kinds of file the shop takes, each recognised by its content.
KINDS = {
    "application/pdf": lambda head: head.startswith(b"%PDF-"),
    "image/jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "image/png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
}

# How images are decoded and written back: Pillow's format for each kind, and what it is saved with.
IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
SAVE_OPTIONS = {"JPEG": {"quality": 88}, "PNG": {}, "WEBP": {"quality": 88}}
# The most pixels an image may declare (40 megapixels: above a phone's photo, at most 160 MB once decoded).
# Checked on the header, before any pixel is decoded. Pillow's own bomb check (Image.MAX_IMAGE_PIXELS, about
# 89 megapixels, left at its default: it is process-wide) only comes into play above this one.
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class Upload:
    name: str  # as the browser sent it
    stream: IO[bytes]


class UploadProblem(ValueError):
    """Why the files were refused: `reason` is too_many, too_large, wrong_type, too_many_pixels (an image
    larger than MAX_PIXELS) or unreadable (an image that does not decode); `name` the file's (cleaned)."""

    def __init__(self, reason: str, name: str = ""):
        super().__init__(f"{reason}: {name}")
        self.reason, self.name = reason, name


def kind_of(content: bytes, kinds: tuple[str, ...]) -> str | None:
    """The MIME type among `kinds` that `content` is, by its first bytes; None if none."""
    return next((kind for kind in kinds if KINDS[kind](content[:16])), None)


def read(uploads: list[Upload], kinds: tuple[str, ...], max_files: int, max_bytes: int) -> list[dict]:
    """The files actually sent (a file input left empty sends a nameless part), read and checked:
    [{name, type, size, sha256, content}], or UploadProblem for the first file that breaks a rule.
    Images are those re-encoded by clean_image (their size and hash are the clean copy's); PDFs are as sent."""
    uploads = [u for u in uploads if u.name]
    if len(uploads) > max_files:
        raise UploadProblem("too_many")
    files = []
    for upload in uploads:
        name = clean_name(upload.name)
        content = upload.stream.read(max_bytes + 1)
        if len(content) > max_bytes:
            raise UploadProblem("too_large", name)
        kind = kind_of(content, kinds)
        if kind is None:
            raise UploadProblem("wrong_type", name)
        if kind in IMAGE_FORMATS:
            content = clean_image(content, IMAGE_FORMATS[kind], name)
        files.append({"name": name, "type": kind, "size": len(content),
                      "sha256": hashlib.sha256(content).hexdigest(), "content": content})
    return files


def clean_image(content: bytes, image_format: str, name: str) -> bytes:
    """An image re-encoded in its own format (Pillow's name for it), turned upright as its EXIF says, without
    any metadata (EXIF, XMP, comments, text chunks): only the ICC colour profile and a palette's transparency
    stay, being how to show the pixels (a phone's wide-gamut colours), not about who took them or where.
    Only the first picture is kept (of an animation, or of a phone's multi-picture JPEG with its depth map).
    UploadProblem too_many_pixels when the header declares more than MAX_PIXELS (nothing is decoded then),
    unreadable when the file does not decode (truncated, or only its first bytes are an image's)."""
    try:
        with Image.open(io.BytesIO(content), formats=[image_format]) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise UploadProblem("too_many_pixels", name)
            image = ImageOps.exif_transpose(opened)  # decodes the pixels; a copy, upright
            options = {key: image.info[key] for key in ("icc_profile", "transparency") if key in image.info}
            image.info = {}  # what Pillow would otherwise write back (a JPEG's comment, for one)
            clean = io.BytesIO()
            image.save(clean, image_format, **options, **SAVE_OPTIONS[image_format])
    except UploadProblem:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own check, above ours; its warning is an error only where warnings are made errors (tests).
        raise UploadProblem("too_many_pixels", name) from error
    except Exception as error:  # a decoder fed hostile bytes may raise any of a dozen types: all mean "unreadable"
        raise UploadProblem("unreadable", name) from error
    return clean.getvalue()


def clean_name(name: str) -> str:
    """A file name as uploaded, without its folders nor control characters (it is shown and downloaded)."""
    base = re.split(r"[\\/]", name or "")[-1]
    return "".join(ch for ch in base if ch.isprintable()).strip()[:120] or "document"


def store(folder: Path, files: list[dict]) -> list[dict]:
    """Write read files under random names in `folder`: what to keep about each, with "stored" its file name.
    If writing fails, what was written is removed."""
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    try:
        for file in files:
            name = secrets.token_hex(16)
            (folder / name).write_bytes(file["content"])
            stored.append({"stored": name, **{k: v for k, v in file.items() if k != "content"}})
    except BaseException:
        discard(folder, stored)
        raise
    return stored


def discard(folder: Path, stored: list[dict]) -> None:
    """Remove stored files (their record was not saved after all)."""
    for file in stored:
        (folder / file["stored"]).unlink(missing_ok=True)


def stored_file(folder: Path, files: list[dict], index: int) -> tuple[Path, dict] | None:
    """The `index`-th (from 0) of a record's stored files and what it is, or None."""
    if not 0 <= index < len(files):
        return None
    path = folder / files[index]["stored"]
    return (path, files[index]) if path.is_file() else None
