"""Images for upload tests, made in memory: small real ones (with a phone's metadata if asked), and PNGs that
only declare their size (a decompression bomb's header, with no pixels to allocate)."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
BLUE, RED = (0, 0, 255), (220, 20, 20)
SERIAL = "SERIAL-0042"


def image(kind: str = "image/png", size: tuple[int, int] = (40, 20), **options) -> bytes:
    """A small real image: red, with a blue top-left corner (to tell which way up it is); `options` go to save."""
    picture = Image.new("RGB", size, RED)
    picture.paste(BLUE, (0, 0, 10, 10))
    out = io.BytesIO()
    picture.save(out, FORMATS[kind], **options)
    return out.getvalue()


def phone_exif() -> Image.Exif:
    """What a phone writes: turned a quarter (Orientation 6), where it was taken, the device and its serial."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F], exif[0x0110], exif[0xA431] = "Phonemaker", "Model X", SERIAL
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    return exif


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares width × height pixels and holds almost none: reading it allocates no pixel."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def truncated_jpeg() -> bytes:
    """A real JPEG cut short."""
    return image("image/jpeg", size=(400, 300))[:600]
