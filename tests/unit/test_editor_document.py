"""The editor document: blocks in the order the creator arranged them, saved and restored intact."""

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creatorpost.browser.document import EditorDocument


def doc_with(*blocks: dict[str, Any]) -> tuple[EditorDocument, list[str]]:
    doc = EditorDocument()
    keys = [doc.add_block(block) for block in blocks]
    return doc, keys


def test_a_new_document_is_an_empty_article() -> None:
    """A new post starts as an Article with no blocks and nothing else."""
    doc = EditorDocument()
    assert (doc.post, doc.keys, doc.previews, doc.products, doc.coupons) == (
        {"schema": 1, "type": "article", "blocks": []}, [], {}, {}, {})


def test_blocks_appear_in_the_order_they_were_added() -> None:
    """Text, photo, product added one after the other show in that order, each with its own key."""
    doc, keys = doc_with({"kind": "text", "text": "Hi"}, {"kind": "image"}, {"kind": "product", "product_id": "1"})
    assert (doc.blocks, doc.keys, len(set(keys))) == (
        [{"kind": "text", "text": "Hi"}, {"kind": "image"}, {"kind": "product", "product_id": "1"}], keys, 3)


@pytest.mark.parametrize(("at", "order"), [
    (0, ["new", "a", "b"]),
    (1, ["a", "new", "b"]),
    (2, ["a", "b", "new"]),
    (99, ["a", "b", "new"]),
    (-5, ["new", "a", "b"]),
])
def test_a_block_inserted_at_a_position_lands_there_or_at_the_nearest_end(at: int, order: list[str]) -> None:
    """Inserting between blocks puts the block there; a position past either end means that end."""
    doc, _ = doc_with({"kind": "text", "text": "a"}, {"kind": "text", "text": "b"})
    key = doc.add_block({"kind": "text", "text": "new"}, at=at)
    assert ([b["text"] for b in doc.blocks], doc.index_of(key)) == (order, order.index("new"))


def test_a_block_of_unknown_kind_is_refused_and_nothing_changes() -> None:
    """A block kind the platform does not have is not added; the document stays as it was."""
    doc, keys = doc_with({"kind": "text", "text": "a"})
    before = doc.to_json()
    with pytest.raises(ValueError):
        doc.add_block({"kind": "poll"})
    assert (doc.to_json(), doc.keys) == (before, keys)


def test_removing_a_block_removes_it_and_its_photo_preview() -> None:
    """Deleting a photo block takes it out of the post and forgets its preview; the others stay."""
    doc, (text, photo, product) = doc_with({"kind": "text", "text": "a"}, {"kind": "image", "media_id": "m_1"},
                                           {"kind": "product", "product_id": "1"})
    doc.previews[photo] = {"src": "blob:1", "width": 800, "height": 600, "name": "a.jpg"}
    removed = doc.remove_block(photo)
    assert (removed, doc.blocks, doc.keys, doc.previews) == (
        {"kind": "image", "media_id": "m_1"},
        [{"kind": "text", "text": "a"}, {"kind": "product", "product_id": "1"}], [text, product], {})


@pytest.mark.parametrize(("to", "ended", "order"), [
    (0, 0, ["c", "a", "b"]),
    (1, 1, ["a", "c", "b"]),
    (2, 2, ["a", "b", "c"]),
    (7, 2, ["a", "b", "c"]),
    (-1, 0, ["c", "a", "b"]),
])
def test_moving_a_block_keeps_its_key_so_focus_and_preview_follow(to: int, ended: int, order: list[str]) -> None:
    """Moving the last block up or down puts it where asked (clamped) and its key moves with it."""
    doc, keys = doc_with(*({"kind": "text", "text": t} for t in "abc"))
    moved_to = doc.move_block(keys[2], to)
    by_text = dict(zip("abc", keys))
    assert (moved_to, [b["text"] for b in doc.blocks], doc.keys) == (ended, order, [by_text[t] for t in order])


def test_editing_a_block_sets_its_parts_and_an_emptied_part_disappears() -> None:
    """Typing a caption sets it; clearing it removes it from the post rather than leaving an empty caption."""
    doc, (key,) = doc_with({"kind": "image", "media_id": "m_1"})
    doc.update_block(key, caption="Sunset", media_id="m_2")
    first = json.loads(json.dumps(doc.blocks))
    doc.update_block(key, caption="")
    assert (first, doc.blocks) == ([{"kind": "image", "media_id": "m_2", "caption": "Sunset"}],
                                   [{"kind": "image", "media_id": "m_2"}])


def test_clearing_a_field_removes_it_from_the_post() -> None:
    """An emptied title or hashtag list is absent from the post, not an empty value."""
    doc = EditorDocument()
    doc.set("title", "Summer")
    doc.set("hashtags", ["Bikinis"])
    filled = dict(doc.post)
    doc.set("title", "")
    doc.set("hashtags", [])
    assert (filled, doc.post, doc.title_text(), doc.hashtags) == (
        {"schema": 1, "type": "article", "blocks": [], "title": "Summer", "hashtags": ["Bikinis"]},
        {"schema": 1, "type": "article", "blocks": []}, "", [])


def test_create_sends_the_post_without_empty_optional_parts() -> None:
    """What Create sends has no null, empty text, empty lists or empty objects, but always schema, type, blocks."""
    doc = EditorDocument(post={"schema": 1, "type": "article", "title": "Summer", "introduction": "",
                               "banner": None, "hashtags": [], "coupons": [], "repost": {}, "blocks": []})
    assert doc.post_for_create() == {"schema": 1, "type": "article", "title": "Summer", "blocks": []}


def test_create_sends_the_blocks_and_a_post_without_blocks_gets_an_empty_list() -> None:
    """A post restored without blocks still sends "blocks": [], and blocks are sent as they are."""
    bare = EditorDocument(post={"title": "Summer"})
    full, _ = doc_with({"kind": "text", "text": "Hi"})
    assert (bare.post_for_create(), full.post_for_create()) == (
        {"schema": 1, "type": "article", "title": "Summer", "blocks": []},
        {"schema": 1, "type": "article", "blocks": [{"kind": "text", "text": "Hi"}]})


PHOTO = {"src": "blob:photo", "width": 800, "height": 600, "name": "photo.jpg"}
BANNER = {"src": "blob:banner", "width": 750, "height": 360, "name": "banner.png"}


def test_the_feed_shows_the_banner_when_there_is_one() -> None:
    """With a banner and photos, the Inspiration feed picture is the banner."""
    doc, (photo,) = doc_with({"kind": "image", "media_id": "m_1"})
    doc.set("banner", {"media_id": "m_b"})
    doc.previews.update({"banner": BANNER, photo: PHOTO})
    assert doc.first_picture() == BANNER


def test_without_a_banner_the_feed_shows_the_first_photo_that_has_a_preview() -> None:
    """No banner: the first photo block (in the post's order) with a preview is the feed picture."""
    doc, (_text, no_preview, first, second) = doc_with(
        {"kind": "text", "text": "a"}, {"kind": "image"}, {"kind": "image", "media_id": "m_1"},
        {"kind": "image", "media_id": "m_2"})
    doc.previews.update({second: BANNER, first: PHOTO, "banner": BANNER})  # a removed banner's preview lingers
    doc.move_block(second, 0)
    moved_first = doc.first_picture()
    doc.move_block(second, 3)
    assert (moved_first, doc.first_picture()) == (BANNER, PHOTO)


def test_a_post_without_pictures_has_no_feed_picture() -> None:
    """Only text and products: nothing to show in the feed."""
    doc, _ = doc_with({"kind": "text", "text": "a"}, {"kind": "product", "product_id": "1"})
    assert doc.first_picture() is None


_TEXT = st.text(max_size=20)
_BLOCK = st.one_of(
    st.fixed_dictionaries({"kind": st.just("text"), "text": _TEXT}),
    st.fixed_dictionaries({"kind": st.just("image")}, optional={"media_id": _TEXT, "caption": _TEXT}),
    st.fixed_dictionaries({"kind": st.just("product"), "product_id": st.from_regex(r"[0-9]{1,16}", fullmatch=True)}),
    st.fixed_dictionaries({"kind": st.just("video"), "url": _TEXT}),
)
_BLOCKS = st.lists(_BLOCK, max_size=6)


@settings(max_examples=200)
@given(blocks=_BLOCKS, title=_TEXT, hashtags=st.lists(_TEXT, max_size=5), with_previews=st.booleans())
def test_a_saved_document_comes_back_exactly(blocks: list[dict[str, Any]], title: str, hashtags: list[str],
                                             with_previews: bool) -> None:
    """Whatever the creator wrote (any script, emoji, quotes), a saved draft or undo step restores it exactly."""
    doc, keys = doc_with(*blocks)
    doc.set("title", title)
    doc.set("hashtags", hashtags)
    if with_previews and keys:
        doc.previews[keys[0]] = PHOTO
        doc.products["1"] = {"title": title, "price": "1.00"}
        doc.coupons["9"] = [{"id": "C1"}]
    restored = EditorDocument.from_json(doc.to_json())
    assert (restored, restored.to_json()) == (doc, doc.to_json())


@pytest.mark.parametrize("text", ["", "{", '{"post": {"blocks": [', "[]", "null", '"post"', "42"])
def test_text_that_is_not_a_saved_document_is_refused_clearly(text: str) -> None:
    """Text that is not a JSON object is refused with ValueError, the error callers handle, not a crash elsewhere."""
    with pytest.raises(ValueError):
        EditorDocument.from_json(text)


@pytest.mark.parametrize(("stored", "post", "kept_keys", "maps"), [
    ({}, {"blocks": []}, [], ({}, {}, {})),
    ({"post": [], "keys": 5, "previews": [1], "products": "x", "coupons": 3}, {"blocks": []}, [], ({}, {}, {})),
    ({"post": {"title": "T", "blocks": {"kind": "text"}}}, {"title": "T", "blocks": []}, [], ({}, {}, {})),
    ({"post": {"blocks": [{"kind": "text", "text": "a"}, 7, "x", None, {"kind": "image"}]},
      "keys": ["k1", "k2", "k3", "k4", "k5"]},
     {"blocks": [{"kind": "text", "text": "a"}, {"kind": "image"}]}, ["k1", "k5"], ({}, {}, {})),
    ({"post": {"blocks": [{"kind": "text"}, {"kind": "image"}]}, "keys": "ab"},
     {"blocks": [{"kind": "text"}, {"kind": "image"}]}, [None, None], ({}, {}, {})),
    ({"post": {"blocks": [{"kind": "text"}, {"kind": "image"}, {"kind": "video"}]}, "keys": ["a", "a", 3]},
     {"blocks": [{"kind": "text"}, {"kind": "image"}, {"kind": "video"}]}, ["a", None, None], ({}, {}, {})),
    ({"post": {"blocks": [{"kind": "text"}]}, "keys": ["a", "b", "c"],
      "previews": {"a": PHOTO, "b": "blob:x", "c": None}, "products": {"1": {"title": "Hat"}, "2": []},
      "coupons": {"9": [{"id": "C1"}], "8": {"id": "C2"}}},
     {"blocks": [{"kind": "text"}]}, ["a"], ({"a": PHOTO}, {"1": {"title": "Hat"}}, {"9": [{"id": "C1"}]})),
])
def test_a_damaged_saved_document_still_opens(stored: dict[str, Any], post: dict[str, Any],
                                              kept_keys: list[str | None], maps: tuple[Any, Any, Any]) -> None:
    """A draft saved by an older or broken editor opens: unusable parts are dropped, every block gets its own key."""
    doc = EditorDocument.from_json(json.dumps(stored))
    fresh = [key for key, kept in zip(doc.keys, kept_keys) if kept is None]
    assert (doc.post, [k if k in kept_keys else None for k in doc.keys], (doc.previews, doc.products, doc.coupons),
            len(set(doc.keys)), all(isinstance(k, str) and k for k in fresh)) == (
        post, kept_keys, maps, len(doc.blocks), True)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)
_DAMAGED = st.fixed_dictionaries({}, optional={
    "post": _JSON | st.fixed_dictionaries({}, optional={"blocks": st.lists(_JSON | _BLOCK, max_size=5),
                                                        "banner": _JSON, "title": _JSON}),
    "keys": _JSON | st.lists(st.sampled_from(["a", "b", ""]) | _JSON, max_size=6),
    "previews": _JSON, "products": _JSON, "coupons": _JSON})


@settings(max_examples=300)
@given(_DAMAGED)
def test_any_saved_object_gives_a_document_every_editor_action_works_on(stored: dict[str, Any]) -> None:
    """However a stored draft is damaged, the editor can show, move, edit, delete its blocks and save again."""
    doc = EditorDocument.from_json(json.dumps(stored))
    doc.first_picture()
    doc.post_for_create()
    if doc.keys:
        doc.move_block(doc.keys[-1], 0)
        doc.update_block(doc.keys[0], caption="c")
        doc.remove_block(doc.keys[0])
    key = doc.add_block({"kind": "text", "text": "new"})
    again = EditorDocument.from_json(doc.to_json())
    assert (len(set(doc.keys)), all(isinstance(b, dict) for b in doc.blocks), again, again.index_of(key)) == (
        len(doc.blocks), True, doc, len(doc.blocks) - 1)


def test_typing_never_copies_photo_bytes_yet_undo_brings_a_removed_photo_back() -> None:
    """Content snapshots name the previews without their data; a removed photo's preview returns on undo."""
    doc, (photo,) = doc_with({"kind": "image", "media_id": "m_1"})
    doc.previews[photo] = {"src": "data:image/jpeg;base64," + "A" * 50_000, "width": 800, "height": 600}
    doc.previews["banner"] = {"src": "data:image/png;base64,BB", "width": 750, "height": 360}
    snapshot = doc.content_json()
    assert "A" * 100 not in snapshot and len(snapshot) < 1000
    known = dict(doc.previews)

    doc.remove_block(photo)
    doc.previews.pop("banner")
    after_removal = doc.content_json()
    restored = EditorDocument.from_json(snapshot)
    restored.adopt_previews(known)
    assert (restored.keys, sorted(restored.previews)) == ([photo], sorted(["banner", photo]))
    assert restored.previews[photo]["width"] == 800

    emptied = EditorDocument.from_json(after_removal)
    emptied.adopt_previews(known)
    assert emptied.previews == {}


def test_the_previews_signature_changes_when_a_photo_uploads() -> None:
    """A new media id or a new picture is a change worth saving; the same previews are not."""
    doc, (photo,) = doc_with({"kind": "image"})
    doc.previews[photo] = {"src": "data:x", "upload": "data:y"}
    before = doc.previews_signature()
    assert doc.previews_signature() == before
    doc.previews[photo] = {"src": "data:x", "media_id": "m_9"}
    assert doc.previews_signature() != before
