"""Every conformance vector through the Pillow engine: the decisions a creator sees, and the files produced."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from creatorpost.imaging import process, sniff
from creatorpost.imaging.pillow_engine import PillowEngine
from creatorpost.imaging.pipeline import Outcome
from creatorpost.testing.image_conformance import VECTORS, Vector, check, is_blue, is_red, marker_points
from tests.vectors.images.generate import generate, run_folder


@pytest.fixture(scope="session")
def vectors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return generate(run_folder(tmp_path_factory.getbasetemp()))


@pytest.fixture(scope="session")
def outcomes(vectors: dict[str, Path]) -> dict[str, Outcome]:
    engine = PillowEngine()
    return {row.name: process(engine, vectors[row.name].read_bytes(), row.role, row.role) for row in VECTORS}


@pytest.mark.parametrize("row", VECTORS, ids=[row.name for row in VECTORS])
def test_vector_conforms(row: Vector, outcomes: dict[str, Outcome]) -> None:
    """The decision, refusal code, format and size are the table's."""
    assert check(row, outcomes[row.name]) == []


@pytest.mark.parametrize("row", [r for r in VECTORS if r.action != "reject"], ids=lambda r: r.name)
def test_output_is_a_clean_upright_file(row: Vector, outcomes: dict[str, Outcome]) -> None:
    """What leaves the device opens as what it claims, carries no metadata and is shown upright."""
    image = outcomes[row.name].image
    assert image is not None
    with Image.open(io.BytesIO(image.data)) as im:
        assert ((im.format or "").lower(), im.size) == (image.format, (image.width, image.height))
        assert not im.getexif(), "EXIF left in the output"
        assert "xmp" not in im.info and "exif" not in im.info
        rgb = im.convert("RGB")
    assert b"GPS" not in image.data and b"PhoneMaker" not in image.data
    if row.marked:
        red_at, blue_at = marker_points(image.width, image.height)
        assert is_red(rgb.getpixel(red_at)), rgb.getpixel(red_at)  # type: ignore[arg-type]
        assert is_blue(rgb.getpixel(blue_at)), rgb.getpixel(blue_at)  # type: ignore[arg-type]


def test_refusals_carry_the_creators_numbers(outcomes: dict[str, Outcome]) -> None:
    """'at least 750×360 — this one is 749×360' needs both sizes in the finding."""
    finding = outcomes["under_749x360.jpg"].decision.findings
    assert [f.model_dump() for f in finding] == [{
        "code": "image.too_small", "severity": "error", "field": "image",
        "params": {"width": 749, "height": 360, "min_width": 750, "min_height": 360}}]
    assert [f.code for f in outcomes["banner_tall_360x750.jpg"].decision.findings] == ["banner.too_small"]


def test_gps_photo_is_kept_byte_for_byte_apart_from_metadata(vectors: dict[str, Path], outcomes: dict[str, Outcome]) -> None:
    """Keeping a photo costs no quality: same pixels, EXIF (GPS, camera) gone."""
    original = vectors["gps_1000x800.jpg"].read_bytes()
    kept = outcomes["gps_1000x800.jpg"].image
    assert kept is not None and b"Exif" in original and b"Exif" not in kept.data
    with Image.open(io.BytesIO(original)) as a, Image.open(io.BytesIO(kept.data)) as b:
        assert a.tobytes() == b.tobytes()


def test_sixteen_bit_grey_is_scaled_not_clipped(outcomes: dict[str, Outcome]) -> None:
    image = outcomes["gray16_1000x800.png"].image
    assert image is not None
    with Image.open(io.BytesIO(image.data)) as im:
        low, high = im.convert("L").getextrema()
    assert isinstance(low, int) and isinstance(high, int)
    assert low < 10 and high > 245


def test_cmyk_colours_survive(outcomes: dict[str, Outcome]) -> None:
    image = outcomes["cmyk_1200x800.jpg"].image
    assert image is not None
    with Image.open(io.BytesIO(image.data)) as im:
        assert im.mode == "RGB"


def test_banner_over_five_megabytes_comes_out_under(vectors: dict[str, Path], outcomes: dict[str, Outcome]) -> None:
    assert vectors["banner_q100_2000x2000.jpg"].stat().st_size > 5 * 1024 * 1024
    image = outcomes["banner_q100_2000x2000.jpg"].image
    assert image is not None and image.bytes <= 5 * 1024 * 1024


def test_bomb_is_refused_from_its_header_alone(vectors: dict[str, Path]) -> None:
    """Sniffing reads sizes without decoding: the 2.5-gigapixel PNG is refused before Pillow sees it."""
    data = vectors["bomb_50000x50000.png"].read_bytes()
    facts = sniff(data[:4096], complete=False)
    assert (facts.format, facts.width, facts.height) == ("png", 50000, 50000)
    assert PillowEngine().probe(data).flat is None  # never decoded
