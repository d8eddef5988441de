"""Publishing the example articles for the demo creators (demo mode only, idempotent).

Every picture is drawn, then checked and stored exactly as an upload would be (the same photo
policy and Pillow engine as `POST /api/media`); every example is validated with the publish rules
and the author's real level and stores, and one that fails is logged and left out.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from creatorpost import rules, validation
from creatorpost.imaging.facts import Role
from creatorpost.media import MediaInfo
from creatorpost.server.examples.art import BANNER_SIZE, PHOTO_SIZE, draw_picture
from creatorpost.server.examples.definitions import Example, load_examples
from creatorpost.server.media.checks import checked
from creatorpost.server.media.files import MediaStore, new_media_id
from creatorpost.server.store.creators import creator_context
from creatorpost.server.store.db import Database
from creatorpost.server.store.examples import StoredPicture, existing_examples, publish_example

log = logging.getLogger("creatorpost.server")


def _picture(name: str, role: Role) -> StoredPicture | None:
    outcome = checked(draw_picture(name, BANNER_SIZE if role == "banner" else PHOTO_SIZE), role)
    if outcome.image is None:
        return None
    image = outcome.image
    return StoredPicture(image.data, image.format, image.width, image.height, image.bytes)


def pictures_of(example: Example) -> list[tuple[dict[str, Any], StoredPicture]]:
    """(the part of the post that shows it, the checked picture) for the banner and every photo."""
    found: list[tuple[dict[str, Any], StoredPicture]] = []
    parts = _picture_parts(example.post)
    for part in parts:
        role: Role = "banner" if part is example.post.get("banner") else "image"
        picture = _picture(str(part["art"]), role)
        if picture is None:
            raise ValueError(f"example {example.slug}: picture {part['art']!r} does not pass the photo checks")
        found.append((part, picture))
    return found


def seed_examples(db: Database, store: MediaStore) -> None:
    have = existing_examples(db, [example.post_id for example in load_examples()])
    for example in load_examples():
        if example.post_id in have:
            continue
        try:
            _seed_one(db, store, example)
        except ValueError as refused:
            log.error("example not seeded", extra={"event": "examples.refused", "slug": example.slug,
                                                   "reason": str(refused)})


def _seed_one(db: Database, store: MediaStore, example: Example) -> None:
    post = copy.deepcopy(example.post)
    pictures = pictures_of(example)
    parts = _picture_parts(post)  # the same parts in the copy: banner first, then image blocks in order
    trial = copy.deepcopy(post)
    infos: dict[str, MediaInfo] = {}
    for index, (part, (_, picture)) in enumerate(zip(_picture_parts(trial), pictures)):
        part.pop("art", None)
        part["media_id"] = f"m_example_{index}"
        infos[part["media_id"]] = MediaInfo(format=picture.format, width=picture.width, height=picture.height,
                                            bytes=picture.bytes)
    report = validation.validate(trial, "publish", creator_context(db, example.creator_id), platform="desktop",
                                 media=infos)
    errors = [f"{f.code} at {f.field}" for f in report.findings if f.severity == "error"]
    if errors:
        raise ValueError(f"example {example.slug} breaks the rules: {', '.join(errors)}")

    def store_pictures() -> dict[str, StoredPicture]:
        stored: dict[str, StoredPicture] = {}
        for part, (_, picture) in zip(parts, pictures):
            media_id = new_media_id()
            store.put(example.creator_id, media_id, picture.data, picture.format)
            part.pop("art", None)
            part["media_id"] = media_id
            stored[media_id] = picture
        return stored

    if publish_example(db, example.post_id, example.creator_id, post, store_pictures,
                       rules_version=str(rules.load_rules().version)):
        log.info("example published", extra={"event": "examples.seeded", "slug": example.slug,
                                              "post_id": example.post_id})


def _picture_parts(post: dict[str, Any]) -> list[dict[str, Any]]:
    banner = [post["banner"]] if isinstance(post.get("banner"), dict) else []
    return banner + [block for block in post.get("blocks") or [] if block.get("kind") == "image"]
