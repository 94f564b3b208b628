"""Uploaded files staff pages show (an inspection's photos): inline, yet never run as anything but an image."""
from __future__ import annotations

from pathlib import Path

from flask import abort, send_file


def inline_image(stored: tuple[Path, dict] | None):
    """A stored image `(path, {"type", "name"})` as a response of its checked type, with a CSP that lets
    nothing in it run; 404 when there is none."""
    if stored is None:
        abort(404)
    path, image = stored
    response = send_file(path, mimetype=image["type"], download_name=image["name"], max_age=0)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
