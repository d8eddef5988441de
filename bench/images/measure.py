"""Benchmark helpers: photo-like inputs, the Pillow LANCZOS reference, SSIM, orientation check.

numpy is used here only (the benchmark), never in the core.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image, ImageDraw, ImageFilter, ImageOps

from creatorpost.testing.image_conformance import MARKER_FRACTION, is_blue, is_red, marker_points
from creatorpost.imaging.policy import fit_within
from creatorpost.imaging.sniff import sniff

MAX_SIDE = 2000
RED, BLUE = (220, 20, 20), (20, 20, 220)


def photo_like(width: int, height: int, seed: int) -> Image.Image:
    """Smooth colour fields, sharp edges, fine stripes (aliasing shows there) and grain."""
    rng = random.Random(seed)
    small = Image.frombytes("RGB", (16, 12), rng.randbytes(16 * 12 * 3))
    im = small.resize((width, height), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(im)
    scale = width / 1000
    for _ in range(120):
        x, y = rng.randrange(width), rng.randrange(height)
        r = int(rng.uniform(10, 120) * scale)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)  # type: ignore[arg-type]
        else:
            draw.line((x, y, x + rng.randint(-4 * r, 4 * r), y + rng.randint(-4 * r, 4 * r)),
                      fill=colour, width=max(1, int(rng.uniform(1, 6) * scale)))  # type: ignore[arg-type]
    # A fabric-like patch of 3-pixel stripes: a one-step downscale turns it into moire.
    x0, y0 = width // 2, height // 3
    for x in range(x0, x0 + width // 5, 3):
        draw.line((x, y0, x, y0 + height // 5), fill=(30, 30, 30))
    im = im.filter(ImageFilter.GaussianBlur(0.6))
    grain = Image.frombytes("L", (width, height), rng.randbytes(width * height)).convert("RGB")
    im = Image.blend(im, grain, 0.06)
    mw, mh = int(width * MARKER_FRACTION), int(height * MARKER_FRACTION)
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, mw, mh), fill=RED)
    draw.rectangle((width - 1 - mw, height - 1 - mh, width - 1, height - 1), fill=BLUE)
    return im


def flat_graphic(side: int) -> Image.Image:
    im = Image.new("RGB", (side, side), (245, 240, 225))
    draw = ImageDraw.Draw(im)
    for i in range(8):
        inset = i * side // 20
        draw.ellipse((inset, inset, side - inset, side - inset), outline=(20 * i, 90, 200 - 20 * i), width=side // 60)
    m = int(side * MARKER_FRACTION)
    draw.rectangle((0, 0, m, m), fill=RED)
    draw.rectangle((side - 1 - m, side - 1 - m, side - 1, side - 1), fill=BLUE)
    return im


def make_inputs(folder: Path) -> dict[str, Path]:
    """The four inputs of the issue, generated once into folder."""
    folder.mkdir(parents=True, exist_ok=True)
    makers = {
        "photo_4000x3000.jpg": lambda: _jpeg(photo_like(4000, 3000, 1)),
        "photo_9000x6000.jpg": lambda: _jpeg(photo_like(9000, 6000, 2)),
        "rotated_o6_4000x3000.jpg": _rotated,
        "flat_2500x2500.png": lambda: _png(flat_graphic(2500)),
    }
    paths = {}
    for name, make in makers.items():
        path = folder / name
        if not path.exists():
            path.write_bytes(make())
        paths[name] = path
    return paths


def _jpeg(im: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", quality=92, **options)
    return buffer.getvalue()


def _png(im: Image.Image) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, "PNG")
    return buffer.getvalue()


def _rotated() -> bytes:
    upright = photo_like(3000, 4000, 3)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    return _jpeg(upright.transpose(Image.Transpose.ROTATE_90), exif=exif.tobytes())


def target_size(path: Path) -> tuple[int, int]:
    facts = sniff(path.read_bytes())
    return fit_within(facts.upright_width, facts.upright_height, MAX_SIDE, MAX_SIDE)


def reference(path: Path) -> Image.Image:
    """Full decode, upright, one LANCZOS resize: the quality yardstick."""
    with Image.open(path) as im:
        upright = ImageOps.exif_transpose(im).convert("RGB")
        return upright.resize(fit_within(upright.width, upright.height, MAX_SIDE, MAX_SIDE),
                              Image.Resampling.LANCZOS)


def _luma(im: Image.Image) -> np.ndarray:
    return np.asarray(im.convert("L"), dtype=np.float64)


def _gaussian(a: np.ndarray, sigma: float = 1.5, radius: int = 5) -> np.ndarray:
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    taps /= taps.sum()
    padded = np.pad(a, radius, mode="reflect")
    rows = sum(w * padded[:, i:i + a.shape[1]] for i, w in enumerate(taps))
    return sum(w * rows[i:i + a.shape[0], :] for i, w in enumerate(taps))  # type: ignore[no-any-return]


def ssim(output: Image.Image, ref: Image.Image) -> float:
    """Mean SSIM on luma (Wang et al. 2004, Gaussian window sigma 1.5)."""
    if output.size != ref.size:  # one pixel of rounding: compare on the reference grid
        output = output.resize(ref.size, Image.Resampling.LANCZOS)
    x, y = _luma(output), _luma(ref)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = _gaussian(x), _gaussian(y)
    sxx = _gaussian(x * x) - mx * mx
    syy = _gaussian(y * y) - my * my
    sxy = _gaussian(x * y) - mx * my
    value = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
    return float(value.mean())


def upright(im: Image.Image) -> bool:
    rgb = im.convert("RGB")
    red_at, blue_at = marker_points(rgb.width, rgb.height)
    return is_red(rgb.getpixel(red_at)) and is_blue(rgb.getpixel(blue_at))  # type: ignore[arg-type]
