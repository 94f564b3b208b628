"""The sandbox carrier's return label: a one-page PDF written here, offline (no PDF library is needed for a
few lines of text and a barcode-like stripe). A real carrier's label would come from its API instead."""
from __future__ import annotations

import hashlib


def _text(value: str) -> str:
    """A PDF string literal's content in WinAnsi (Helvetica's encoding): what it can't show becomes "?"."""
    raw = str(value).encode("cp1252", "replace").decode("cp1252")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(label_number: str, order_number: str, to_name: str, devices: list[str], brand: str) -> bytes:
    """A 100 × 150 mm label (283 × 425 pt): the number in large type, a stripe drawn from it, what is inside."""
    lines = [(f"{brand} - SANDBOX RETURN", 10, 395), (label_number, 22, 360), (f"Order {order_number}", 10, 340),
             (f"To: {to_name}", 11, 200)]
    lines += [(device[:60], 9, 180 - 14 * index) for index, device in enumerate(devices[:8])]
    content = [f"BT /F1 {size} Tf 20 {y} Td ({_text(text)}) Tj ET" for text, size, y in lines]
    bits = "".join(f"{byte:08b}" for byte in hashlib.sha256(label_number.encode()).digest()[:16])
    content += [f"{20 + index * 1.8:.1f} 240 {0.9 if bit == '1' else 0.4:.1f} 80 re f" for index, bit in enumerate(bits[:128])]
    stream = "\n".join(content).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 283 425] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
