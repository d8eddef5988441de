"""Text-free pictures for the example articles, drawn with Pillow at seed time (no file to ship, no
other host to ask): soft gradients, shapes and a little grain, so that they look like photographs
at a glance and go through the photo checks like any upload.

Every picture is drawn from its name alone: the same name always gives the same pixels.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from functools import cache

from PIL import Image, ImageDraw

BANNER_SIZE = (1200, 600)
PHOTO_SIZE = (1000, 750)
Colour = tuple[int, int, int]
Painter = Callable[[Image.Image, ImageDraw.ImageDraw, random.Random], None]


def _gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    width, height = size
    for y in range(height):
        share = y / max(1, height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * share) for a, b in zip(top, bottom)))
    return image


def _grain(size: tuple[int, int]) -> Image.Image:
    """Film grain: one small tile of noise repeated (drawing noise for every pixel costs too much)."""
    tile = Image.effect_noise((128, 128), 12).convert("RGB")
    grain = Image.new("RGB", size)
    for x in range(0, size[0], 128):
        for y in range(0, size[1], 128):
            grain.paste(tile, (x, y))
    return grain


def _wave(draw: ImageDraw.ImageDraw, size: tuple[int, int], base: float, height: float, length: float,
          phase: float, colour: Colour) -> None:
    width, full = size
    points = [(x, base + height * math.sin(x / length + phase)) for x in range(0, width + 20, 20)]
    draw.polygon([*points, (width, full), (0, full)], fill=colour)


def _dunes(image: Image.Image, draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = image.size
    draw.ellipse([w * 0.62, h * 0.22, w * 0.62 + h * 0.3, h * 0.52], fill=(255, 214, 150))
    for index, colour in enumerate([(226, 148, 94), (204, 118, 72), (170, 92, 58)]):
        _wave(draw, image.size, h * (0.55 + 0.13 * index), h * 0.06, w / (5 + index), rnd.random() * 6, colour)


def _fringe(image: Image.Image, draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = image.size
    colours = [(196, 98, 62), (222, 190, 150), (243, 232, 214), (160, 82, 55), (214, 160, 110)]
    draw.rectangle([0, int(h * 0.08), w, int(h * 0.1)], fill=(120, 90, 70))
    x = 40
    while x < w - 60:
        width = rnd.randint(90, 150)
        colour = colours[rnd.randrange(len(colours))]
        bottom = rnd.randint(int(h * 0.7), int(h * 0.92))
        draw.rectangle([x, int(h * 0.1), x + width, bottom], fill=colour)
        for strand in range(x + 6, x + width - 4, 12):
            draw.line([strand, bottom, strand + rnd.randint(-4, 4), bottom + rnd.randint(20, 45)], fill=colour, width=4)
        x += width + rnd.randint(14, 30)


def _sunset(image: Image.Image, draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = image.size
    draw.ellipse([w * 0.4, h * 0.38, w * 0.6, h * 0.38 + w * 0.2], fill=(255, 200, 120))
    _wave(draw, image.size, h * 0.6, h * 0.01, w / 9, 0, (70, 110, 150))
    _wave(draw, image.size, h * 0.78, h * 0.03, w / 4, 1.3, (233, 196, 150))
    for index in range(6):  # a striped blanket on the sand
        colour = [(200, 70, 60), (245, 235, 220), (40, 110, 140)][index % 3]
        draw.polygon([(w * 0.18 + index * 22, h * 0.86), (w * 0.18 + index * 22 + 22, h * 0.86),
                      (w * 0.12 + index * 30 + 30, h * 0.97), (w * 0.12 + index * 30, h * 0.97)], fill=colour)


def _motion(image: Image.Image, draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = image.size
    for _ in range(26):
        y = rnd.uniform(0, h)
        length = rnd.uniform(w * 0.2, w * 0.7)
        x = rnd.uniform(-w * 0.2, w)
        colour = rnd.choice([(64, 224, 208), (0, 170, 220), (180, 240, 255), (20, 120, 200)])
        draw.line([x, y, x + length, y - length * 0.18], fill=colour, width=rnd.randint(6, 22))


def _track(image: Image.Image, draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = image.size
    draw.ellipse([w * 0.66, h * 0.12, w * 0.66 + h * 0.2, h * 0.32], fill=(255, 236, 179))
    draw.rectangle([0, int(h * 0.5), w, h], fill=(74, 140, 90))
    for lane in range(6):
        inset = lane * 34
        draw.arc([-w * 0.3 + inset, h * 0.55 + inset, w * 1.1 - inset, h * 1.9 - inset], 180, 360,
                 fill=(196, 84, 60) if lane % 2 == 0 else (214, 104, 76), width=30)
        draw.arc([-w * 0.3 + inset, h * 0.55 + inset, w * 1.1 - inset, h * 1.9 - inset], 180, 360,
                 fill=(245, 245, 240), width=3)


def _cinema(image: Image.Image, draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = image.size
    draw.rectangle([w * 0.52, h * 0.12, w * 0.94, h * 0.62], fill=(235, 232, 210))
    draw.polygon([(w * 0.08, h * 0.62), (w * 0.52, h * 0.12), (w * 0.52, h * 0.62)], fill=(90, 88, 110))
    draw.rectangle([w * 0.04, h * 0.6, w * 0.12, h * 0.68], fill=(30, 30, 40))
    for _ in range(40):
        x, y = rnd.uniform(0, w * 0.5), rnd.uniform(h * 0.75, h)
        draw.ellipse([x, y, x + 18, y + 16], fill=(250, 240, 200))


def _lights(image: Image.Image, draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = image.size
    draw.rounded_rectangle([w * 0.1, h * 0.62, w * 0.9, h * 0.9], radius=40, fill=(92, 70, 86))
    draw.rounded_rectangle([w * 0.14, h * 0.54, w * 0.86, h * 0.7], radius=30, fill=(120, 92, 110))
    for row in range(3):
        top = h * (0.08 + row * 0.11)
        for index in range(22):
            x = w * (0.03 + index * 0.045)
            y = top + 40 * math.sin(index / 21 * math.pi)
            glow = [(255, 214, 120), (255, 190, 90), (255, 236, 170)][(index + row) % 3]
            draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=glow)


def _dusk(image: Image.Image, draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = image.size
    x = 0.0
    while x < w:
        width = rnd.uniform(50, 120)
        top = rnd.uniform(h * 0.35, h * 0.7)
        draw.rectangle([x, top, x + width, h], fill=(46, 36, 72))
        for wy in range(int(top) + 14, h - 10, 26):
            for wx in range(int(x) + 10, int(x + width) - 12, 20):
                if rnd.random() < 0.35:
                    draw.rectangle([wx, wy, wx + 8, wy + 12], fill=(255, 214, 140))
        x += width + rnd.uniform(2, 10)


def _cafe(image: Image.Image, draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = image.size
    draw.rectangle([w * 0.06, h * 0.06, w * 0.94, h * 0.55], fill=(250, 236, 200))
    draw.line([w * 0.5, h * 0.06, w * 0.5, h * 0.55], fill=(150, 110, 80), width=12)
    draw.ellipse([w * 0.2, h * 0.62, w * 0.8, h * 0.9], fill=(160, 104, 70))
    for cx in (0.38, 0.6):
        draw.rounded_rectangle([w * cx - 50, h * 0.6, w * cx + 50, h * 0.72], radius=18, fill=(250, 250, 245))
        draw.ellipse([w * cx - 40, h * 0.58, w * cx + 40, h * 0.64], fill=(120, 70, 40))


def _moon(image: Image.Image, draw: ImageDraw.ImageDraw, rnd: random.Random) -> None:
    w, h = image.size
    draw.ellipse([w * 0.7, h * 0.1, w * 0.82, h * 0.1 + w * 0.12], fill=(250, 240, 200))
    draw.ellipse([w * 0.73, h * 0.08, w * 0.85, h * 0.08 + w * 0.12], fill=(40, 44, 86))
    for _ in range(60):
        x, y = rnd.uniform(0, w), rnd.uniform(0, h * 0.45)
        draw.ellipse([x, y, x + 3, y + 3], fill=(230, 230, 255))
    draw.polygon([(w * 0.3, h), (w * 0.45, h * 0.55), (w * 0.55, h * 0.55), (w * 0.7, h)], fill=(70, 66, 80))
    for index in range(5):
        x = w * (0.12 + index * 0.19)
        draw.line([x, h * 0.5, x, h], fill=(30, 30, 40), width=8)
        draw.ellipse([x - 16, h * 0.46, x + 16, h * 0.52], fill=(255, 200, 110))


_SCENES: dict[str, tuple[Colour, Colour, Painter]] = {
    "dunes": ((253, 196, 134), (242, 140, 100), _dunes),
    "fringe": ((250, 244, 235), (232, 220, 204), _fringe),
    "sunset": ((250, 160, 110), (120, 90, 150), _sunset),
    "motion": ((8, 40, 80), (10, 90, 120), _motion),
    "track": ((150, 200, 240), (250, 220, 180), _track),
    "cinema": ((14, 16, 32), (40, 36, 60), _cinema),
    "lights": ((24, 20, 40), (60, 40, 60), _lights),
    "dusk": ((250, 160, 190), (110, 80, 170), _dusk),
    "cafe": ((214, 190, 160), (170, 130, 100), _cafe),
    "moon": ((20, 24, 60), (70, 60, 110), _moon),
}


def names() -> frozenset[str]:
    return frozenset(_SCENES)


@cache  # pure: several endpoints started by one process (the tests) draw each picture once
def draw_picture(name: str, size: tuple[int, int]) -> bytes:
    """The picture `name` at `size`, as a high-quality JPEG (the photo checks decide what is stored).

    Painted at half size and enlarged: the enlargement softens edges as a lens would, for less
    than a blur costs."""
    top, bottom, paint = _SCENES[name]
    rnd = random.Random(name)
    half = (size[0] // 2, size[1] // 2)
    image = _gradient(half, top, bottom)
    paint(image, ImageDraw.Draw(image), rnd)
    image = Image.blend(image.resize(size, Image.Resampling.BICUBIC), _grain(size), 0.04)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()
