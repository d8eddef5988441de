"""What the device keeps between visits: one session record (never a token in a key name) and, per
draft, the post it became, which only moves forward."""

from creatorpost.browser.account import forget_session, load_session, save_session, sweep_legacy
from creatorpost.browser.outbox import Outbox, Pending
from creatorpost.browser.post_links import PostLink, PostLinks
from creatorpost.browser.storage_keys import LEGACY_CREATOR, LEGACY_SENT, LEGACY_TOKEN, POST_OF, SESSION
from tests.unit.dict_storage import DictStorage

CREATOR = {"handle": "demo-senior", "level": "senior"}
POST = {"schema": 1, "type": "article", "title": "Summer", "blocks": []}


def test_the_session_is_one_record_that_sign_out_forgets() -> None:
    """Signed in: one key holds token and creator; signing out removes it; damaged records read as none."""
    local = DictStorage()
    save_session(local, "cps_secret", CREATOR)
    assert list(local.items) == [SESSION]
    saved = load_session(local)
    assert saved is not None and (saved.token, saved.creator) == ("cps_secret", CREATOR)
    forget_session(local)
    assert (load_session(local), local.items) == (None, {})
    for damaged in ("{", "[]", '{"token": ""}', '{"token": 5}'):
        local.set(SESSION, damaged)
        assert load_session(local) is None


def test_keys_with_a_token_in_their_name_are_swept_and_an_old_tab_token_adopted() -> None:
    """Earlier versions wrote `creatorpost.creator.<token>`: gone at start; a tab's old token becomes the session."""
    local, tab = DictStorage(), DictStorage()
    local.set(LEGACY_CREATOR + "cps_secret", '{"level": "senior"}')
    local.set("creatorpost.draft.d_1", "{}")
    tab.set(LEGACY_TOKEN, "cps_secret")
    sweep_legacy(local, tab)
    assert sorted(local.items) == ["creatorpost.draft.d_1", SESSION]
    assert tab.items == {}
    saved = load_session(local)
    assert saved is not None and (saved.token, saved.creator) == ("cps_secret", None)


def test_a_draft_s_post_link_only_moves_forward() -> None:
    """Another tab's older answer never takes a draft back to an earlier revision; news keeps the revision."""
    links = PostLinks(DictStorage())
    links.sent("d_1", PostLink("p_1", 2, "pending_review"))
    assert links.sent("d_1", PostLink("p_1", 1, "published", "https://s/p/p_1")) == PostLink("p_1", 2, "pending_review")
    heard = links.heard("d_1", "published", "https://s/p/p_1", [], newest_revision=3)
    assert heard == PostLink("p_1", 2, "published", "https://s/p/p_1")  # an update made elsewhere is not adopted
    assert links.get("d_1") == heard and heard.published
    assert links.heard("d_2", "published", None, [], 1) is None
    assert links.drafts_of("p_1") == ["d_1"] and links.drafts_of("p_2") == []
    links.forget("d_1")
    assert links.get("d_1") is None


def test_an_earlier_version_s_sent_post_becomes_a_link_whose_revision_is_learnt() -> None:
    storage = DictStorage()
    storage.set(LEGACY_SENT + "d_1", "p_old")
    links = PostLinks(storage)
    links.adopt_legacy()
    assert list(storage.items) == [POST_OF + "d_1"]
    assert links.get("d_1") == PostLink("p_old", 0, "pending_review")
    assert links.heard("d_1", "published", "u", [], newest_revision=4) == PostLink("p_old", 4, "published", "u")


def test_damaged_links_read_as_none() -> None:
    for text in ("", "{", '{"post_id": "p"}', '{"post_id": "p", "revision": "x", "status": "s"}', "[1]"):
        assert PostLink.from_json(text) is None


def test_an_update_waits_in_the_outbox_with_its_post_and_revision() -> None:
    """Update post pressed twice keeps one key; a different base revision is another request."""
    storage = DictStorage()
    outbox = Outbox(storage)
    first = outbox.queue("d_1", POST, 1.0, post_id="p_1", base_revision=2)
    again = Outbox(storage).queue("d_1", dict(POST), 2.0, post_id="p_1", base_revision=2)
    assert again == first and first.is_update
    assert Pending.from_json(first.to_json()) == first
    moved = outbox.queue("d_1", POST, 3.0, post_id="p_1", base_revision=3)
    assert moved.key != first.key and outbox.all() == [moved]
    created = Pending.from_json('{"key": "k", "draft_id": "d", "post": {}, "queued_at": 1}')
    assert created is not None and not created.is_update
