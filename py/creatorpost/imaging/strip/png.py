"""PNG: the picture's chunks up to IEND, and the few ancillary chunks that change how it looks.

Kept: IHDR, PLTE, IDAT, IEND; transparency (tRNS); colour (gAMA, cHRM, sRGB, iCCP, cICP, mDCV,
cLLI, sBIT); background and pixel aspect (bKGD, pHYs). Dropped wherever they stand: text (tEXt,
zTXt, iTXt: XMP lives there), eXIf, tIME, content credentials, private and unknown ancillary chunks,
the animation chunks of a file kept as a still picture (only still files are kept), and anything
after IEND. An unknown critical chunk means no decoder could show the file: StripError.
"""

from __future__ import annotations

from creatorpost.imaging.strip.errors import StripError

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PICTURE = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND"})
_LOOKS = frozenset({
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"cICP", b"mDCV", b"cLLI", b"sBIT", b"bKGD", b"pHYs",
})


def strip_png(data: bytes) -> bytes:
    if not data.startswith(SIGNATURE):
        raise StripError("not a PNG")
    out = bytearray(SIGNATURE)
    pos = len(SIGNATURE)
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise StripError("PNG chunk runs past the end")
        if pos == len(SIGNATURE) and kind != b"IHDR":
            raise StripError("PNG without its header chunk first")
        if kind in _PICTURE or kind in _LOOKS:
            out += data[pos:end]
        elif not kind[0] & 0x20:
            raise StripError("PNG with a critical chunk no decoder knows")
        if kind == b"IEND":
            return bytes(out)
        pos = end
    raise StripError("PNG without IEND")
