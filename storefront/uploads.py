"""Files people upload (a seller's documents, an inspector's photos): told apart by their first bytes, never by
their name, held to a count and a size, and stored under random names in a private folder."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# The kinds of file the shop takes, each recognised by its content.
KINDS = {
    "application/pdf": lambda head: head.startswith(b"%PDF-"),
    "image/jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "image/png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "image/webp": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
}


@dataclass(frozen=True)
class Upload:
    name: str  # as the browser sent it
    stream: IO[bytes]


class UploadProblem(ValueError):
    """Why the files were refused: `reason` is too_many, too_large or wrong_type; `name` the file's (cleaned)."""

    def __init__(self, reason: str, name: str = ""):
        super().__init__(f"{reason}: {name}")
        self.reason, self.name = reason, name


def kind_of(content: bytes, kinds: tuple[str, ...]) -> str | None:
    """The MIME type among `kinds` that `content` is, by its first bytes; None if none."""
    return next((kind for kind in kinds if KINDS[kind](content[:16])), None)


def read(uploads: list[Upload], kinds: tuple[str, ...], max_files: int, max_bytes: int) -> list[dict]:
    """The files actually sent (a file input left empty sends a nameless part), read and checked:
    [{name, type, size, sha256, content}], or UploadProblem for the first file that breaks a rule."""
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
        files.append({"name": name, "type": kind, "size": len(content),
                      "sha256": hashlib.sha256(content).hexdigest(), "content": content})
    return files


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
