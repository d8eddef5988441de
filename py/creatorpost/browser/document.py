"""The editor document: the post as JSON plus what only the editor needs (block keys, previews).

Pure Python, no browser imports: the operations are tested on CPython. The post part is
exactly the post's JSON shape (docs/ARCHITECTURE.md, "The post, as JSON") and is what drafts, Create and validation use.
"""

import copy
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

BLOCK_KINDS = ("text", "image", "product", "video")


def new_key() -> str:
    return secrets.token_hex(6)


def _objects(value: Any, kind: type) -> dict[str, Any]:
    """A stored name -> object map, keeping only entries of the expected kind."""
    return {k: v for k, v in value.items() if isinstance(v, kind)} if isinstance(value, dict) else {}


@dataclass
class EditorDocument:
    post: dict[str, Any] = field(default_factory=lambda: {"schema": 1, "type": "article", "blocks": []})
    # Parallel to post["blocks"]: a stable key per block, so moves keep focus and previews.
    keys: list[str] = field(default_factory=list)
    # key or "banner" -> {"src": preview URL or data URL, "width", "height", "name"}
    previews: dict[str, dict[str, Any]] = field(default_factory=dict)
    # product id -> the product card from "Get info" (title, image, price, store)
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    # store id -> coupons as confirmed by the endpoint
    coupons: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Which previews a content-only snapshot had (content_json keeps their names, not their bytes).
    preview_keys: list[str] | None = field(default=None, compare=False, repr=False)

    # -- serialisation ------------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps({"post": self.post, "keys": self.keys, "previews": self.previews,
                           "products": self.products, "coupons": self.coupons},
                          ensure_ascii=False, sort_keys=True)

    def content_json(self) -> str:
        """Everything but the photo previews: what undo steps and per-keystroke draft saves hold.

        Previews are data URLs of tens of kilobytes each; they change only when a photo does,
        so they are kept apart (`previews_json`) and never copied on every key press.
        """
        return json.dumps({"post": self.post, "keys": self.keys, "products": self.products,
                           "coupons": self.coupons, "preview_keys": sorted(self.previews)},
                          ensure_ascii=False, sort_keys=True)

    def previews_json(self) -> str:
        return json.dumps(self.previews, ensure_ascii=False, sort_keys=True)

    def previews_signature(self) -> tuple[tuple[str, Any, int, Any, bool], ...]:
        """Cheap to compute, changes whenever a preview does (a new photo, an upload, a note)."""
        return tuple(sorted((key, p.get("media_id"), len(str(p.get("src", ""))), p.get("note"), "upload" in p)
                            for key, p in self.previews.items()))

    def adopt_previews(self, known: dict[str, dict[str, Any]]) -> None:
        """Take back the previews this document had when it was saved or snapshotted, e.g. after undo."""
        wanted = set(self.preview_keys) if self.preview_keys is not None else set(self.keys) | {"banner"}
        self.previews = {key: known[key] for key in wanted if key in known} | self.previews

    @classmethod
    def from_json(cls, text: str) -> "EditorDocument":
        """Raises ValueError when text is not a JSON object; any object, however damaged, gives a
        document the editor can work with (blocks are objects, one unique key each)."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("an editor document is a JSON object")
        post = data["post"] if isinstance(data.get("post"), dict) else {}
        stored_blocks = post["blocks"] if isinstance(post.get("blocks"), list) else []
        stored_keys = data["keys"] if isinstance(data.get("keys"), list) else []
        blocks: list[dict[str, Any]] = []
        keys: list[str] = []
        for index, block in enumerate(stored_blocks):
            if not isinstance(block, dict):
                continue
            key = stored_keys[index] if index < len(stored_keys) else None
            keys.append(key if isinstance(key, str) and key not in keys else new_key())
            blocks.append(block)
        post["blocks"] = blocks
        named = data.get("preview_keys")
        return cls(post=post, keys=keys, previews=_objects(data.get("previews"), dict),
                   products=_objects(data.get("products"), dict), coupons=_objects(data.get("coupons"), list),
                   preview_keys=[k for k in named if isinstance(k, str)] if isinstance(named, list) else None)

    def post_for_create(self) -> dict[str, Any]:
        """The post without empty optional parts (what Create sends)."""
        post = {k: copy.deepcopy(v) for k, v in self.post.items() if v not in (None, "", [], {})}
        post.setdefault("blocks", [])
        post["schema"], post["type"] = 1, self.post.get("type", "article")
        return post

    def is_blank(self) -> bool:
        """Nothing written, picked or added yet."""
        return set(self.post_for_create()) <= {"schema", "type", "blocks"} and not self.blocks and not self.previews

    # -- fields -------------------------------------------------------------------------
    def set(self, name: str, value: Any) -> None:
        if value in (None, "", []):
            self.post.pop(name, None)
        else:
            self.post[name] = value

    @property
    def blocks(self) -> list[dict[str, Any]]:
        blocks: list[dict[str, Any]] = self.post.setdefault("blocks", [])
        return blocks

    @property
    def hashtags(self) -> list[str]:
        tags = self.post.get("hashtags")
        return [str(t) for t in tags] if isinstance(tags, list) else []

    def title_text(self) -> str:
        return str(self.post.get("title") or "")

    # -- blocks -------------------------------------------------------------------------
    def add_block(self, block: dict[str, Any], at: int | None = None) -> str:
        if block.get("kind") not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {block.get('kind')!r}")
        key = new_key()
        index = len(self.blocks) if at is None else max(0, min(at, len(self.blocks)))
        self.blocks.insert(index, block)
        self.keys.insert(index, key)
        return key

    def index_of(self, key: str) -> int:
        return self.keys.index(key)

    def remove_block(self, key: str) -> dict[str, Any]:
        index = self.index_of(key)
        self.keys.pop(index)
        self.previews.pop(key, None)
        block: dict[str, Any] = self.blocks.pop(index)
        return block

    def move_block(self, key: str, to: int) -> int:
        """Move a block to position `to` (clamped); returns where it ended up."""
        index = self.index_of(key)
        to = max(0, min(to, len(self.blocks) - 1))
        block = self.blocks.pop(index)
        self.keys.pop(index)
        self.blocks.insert(to, block)
        self.keys.insert(to, key)
        return to

    def update_block(self, key: str, **changes: Any) -> None:
        block = self.blocks[self.index_of(key)]
        for name, value in changes.items():
            if value in (None, ""):
                block.pop(name, None)
            else:
                block[name] = value

    def first_picture(self) -> dict[str, Any] | None:
        """What the Inspiration feed shows: the banner, else the first image block."""
        if self.post.get("banner") and "banner" in self.previews:
            return self.previews["banner"]
        for key, block in zip(self.keys, self.blocks):
            if block.get("kind") == "image" and key in self.previews:
                return self.previews[key]
        return None
