"""Static assets: the CSS and JS bundles, fingerprinted URLs, immutable caching, gzip.

`asset_url("css/app.css")` → `/assets/css/app.3f2a1b9c.css`. The hash changes whenever the content
does, so every asset can be cached for a year. `css/app.css` is built from tokens, base, layout and
every component stylesheet, in that order, with its font URLs rewritten to fingerprinted ones;
`js/app.js` from the storefront's small scripts, one request for all of them.
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, current_app, request
from isal import igzip

# Each bundle is built from its parts, in order. Staff pages (seller portal, back office) add staff.css to
# app.css, so shoppers never download the staff screens' styles.
BUNDLES = {
    "css/app.css": ("css/tokens.css", "css/base.css", "css/layout.css", "css/components/*.css"),
    "css/staff.css": ("css/staff/*.css",),
    "js/app.js": ("js/combobox.js", "js/menu.js", "js/buybar.js"),
}
IMMUTABLE = "public, max-age=31536000, immutable"
PAGE_LEVEL = 2  # pages are compressed per request, with ISA-L (of 0–3): speed first (assets once, zlib 9)
COMPRESSIBLE = ("text/", "application/javascript", "image/svg+xml", "application/json")
FONT_URL = re.compile(r"url\((?:\.\./)?(fonts/[^)]+)\)")


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    mimetype: str
    digest: str


class Assets:
    def __init__(self, static_dir: Path, watch: bool):
        self.static_dir = static_dir
        self.watch = watch  # development: rebuild when a source file changes
        self._cache: dict[str, Asset] = {}
        self._stamp = None

    def _sources(self, bundle: str) -> list[Path]:
        paths = []
        for pattern in BUNDLES[bundle]:
            paths += sorted(self.static_dir.glob(pattern))
        return paths

    def _refresh(self) -> None:
        if self.watch:
            stamp = tuple(p.stat().st_mtime_ns for p in self.static_dir.rglob("*") if p.is_file())
            if stamp != self._stamp:
                self._cache.clear()
                self._stamp = stamp

    def _make(self, body: bytes, name: str) -> Asset:
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        gzipped = gzip.compress(body, 9, mtime=0) if mimetype.startswith(COMPRESSIBLE) else None
        return Asset(body, gzipped, mimetype, hashlib.sha256(body).hexdigest()[:10])

    def get(self, name: str) -> Asset | None:
        """The asset called `name` (relative to static/), or None."""
        self._refresh()
        if name not in self._cache:
            if name in BUNDLES:
                text = "\n".join(p.read_text(encoding="utf-8") for p in self._sources(name))
                text = FONT_URL.sub(lambda m: f"url({self.url(m.group(1))})", text)
                self._cache[name] = self._make(text.encode(), name)
            else:
                path = (self.static_dir / name).resolve()
                if not path.is_file() or self.static_dir.resolve() not in path.parents:
                    return None
                self._cache[name] = self._make(path.read_bytes(), name)
        return self._cache[name]

    def url(self, name: str) -> str:
        asset = self.get(name)
        if asset is None:
            raise LookupError(f"no static asset {name!r}")
        stem, _dot, ext = name.rpartition(".")
        return f"/assets/{stem}.{asset.digest}.{ext}"


def init_app(app: Flask) -> None:
    assets = Assets(Path(app.static_folder), watch=app.debug)
    app.extensions["assets"] = assets
    app.add_template_global(assets.url, "asset_url")
    app.add_url_rule("/assets/<path:filename>", "assets", serve_asset)
    app.after_request(compress_response)


def serve_asset(filename: str) -> Response:
    """Serve a fingerprinted asset; a stale or unknown fingerprint is a 404."""
    stem, _, ext = filename.rpartition(".")
    base, _, digest = stem.rpartition(".")
    asset = current_app.extensions["assets"].get(f"{base}.{ext}") if base else None
    if asset is None or asset.digest != digest:
        abort(404)
    use_gzip = asset.gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(asset.gzipped if use_gzip else asset.body, mimetype=asset.mimetype)
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    if asset.gzipped is not None:
        response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = IMMUTABLE
    return response


def compress_response(response: Response) -> Response:
    """Gzip HTML, XML and text responses for clients that accept it (a page shrinks ~5–9×).

    With ISA-L (`isal`), whose level 2 takes 0.04 ms for a 40 KB product page and gives 8.9 KB, where
    zlib takes 0.19 ms at level 1 (9.3 KB) and 0.5 ms at level 6 (7.9 KB). The bytes are plain gzip.
    """
    if (
        response.direct_passthrough
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(("text/html", "application/xml", "text/plain"))
        or "gzip" not in request.headers.get("Accept-Encoding", "")
    ):
        return response
    body = response.get_data()
    if len(body) >= 1024:
        response.set_data(igzip.compress(body, PAGE_LEVEL))
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
