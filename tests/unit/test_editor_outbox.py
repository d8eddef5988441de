"""The outbox: a post waiting to be sent is sent under one Idempotency-Key, so it is published once."""

import pytest

from creatorpost.browser.outbox import Outbox, Pending
from creatorpost.browser.storage_keys import OUTBOX as PREFIX
from tests.unit.dict_storage import DictStorage

POST = {"schema": 1, "type": "article", "title": "Summer", "blocks": [{"kind": "text", "text": "Hi"}]}
EDITED = {"schema": 1, "type": "article", "title": "Summer!", "blocks": [{"kind": "text", "text": "Hi"}]}


def test_a_queued_post_waits_with_its_key_until_sent() -> None:
    """Pressing Create offline keeps the post, its draft and a fresh key in the outbox."""
    outbox = Outbox(DictStorage())
    pending = outbox.queue("d_1", POST, 10.0)
    assert (pending, len(pending.key) >= 32, outbox.for_draft("d_1"), outbox.all()) == (
        Pending(pending.key, "d_1", POST, 10.0), True, pending, [pending])


def test_pressing_create_again_on_the_same_post_reuses_the_key() -> None:
    """Create pressed twice (or retried from another tab) sends the same Idempotency-Key: one post is made."""
    storage = DictStorage()
    first = Outbox(storage).queue("d_1", POST, 10.0)
    again = Outbox(storage).queue("d_1", dict(POST), 20.0)
    assert (again, Outbox(storage).all()) == (first, [first])


def test_a_changed_post_gets_a_new_key_and_replaces_the_waiting_one() -> None:
    """Editing the post before it was sent and pressing Create again sends the edited post under a new key."""
    outbox = Outbox(DictStorage())
    first = outbox.queue("d_1", POST, 10.0)
    edited = outbox.queue("d_1", EDITED, 20.0)
    assert (edited, edited.key != first.key, outbox.all()) == (
        Pending(edited.key, "d_1", EDITED, 20.0), True, [edited])


def test_each_draft_waits_with_its_own_key() -> None:
    """Two drafts created offline are two waiting posts with different keys, even with the same content."""
    outbox = Outbox(DictStorage())
    one = outbox.queue("d_1", POST, 10.0)
    two = outbox.queue("d_2", POST, 11.0)
    assert (one.key != two.key, outbox.all()) == (True, [one, two])


def test_a_sent_post_leaves_the_outbox_and_the_others_stay() -> None:
    """Once the endpoint answered, that draft's entry is gone; the other waiting post is still there."""
    outbox = Outbox(DictStorage())
    outbox.queue("d_1", POST, 10.0)
    other = outbox.queue("d_2", EDITED, 11.0)
    outbox.done("d_1")
    assert (outbox.for_draft("d_1"), outbox.all()) == (None, [other])


def test_creating_again_after_it_was_sent_is_a_new_post() -> None:
    """After a post was sent, pressing Create again is a new request with a new key."""
    outbox = Outbox(DictStorage())
    sent = outbox.queue("d_1", POST, 10.0)
    outbox.done("d_1")
    new = outbox.queue("d_1", POST, 30.0)
    assert (new.key != sent.key, outbox.all()) == (True, [Pending(new.key, "d_1", POST, 30.0)])


def test_waiting_posts_are_sent_in_the_order_they_were_created() -> None:
    """Back online, the outbox hands out the oldest waiting post first, whatever order storage lists them in."""
    outbox = Outbox(DictStorage())
    middle = outbox.queue("d_b", POST, 20.0)
    newest = outbox.queue("d_a", POST, 30.0)
    oldest = outbox.queue("d_c", POST, 10.0)
    assert outbox.all() == [oldest, middle, newest]


_GOOD = Pending("k" * 32, "d_good", POST, 5.0)


@pytest.mark.parametrize("raw", [
    "",
    "{",
    "[]",
    '{"key": "k", "draft_id": "d_bad"}',
    '{"key": "k", "draft_id": "d_bad", "post": "Summer", "queued_at": 1}',
    '{"key": "k", "draft_id": "d_bad", "post": [1, 2], "queued_at": 1}',
    '{"key": "k", "draft_id": "d_bad", "post": {}, "queued_at": "soon"}',
    '{"key": "k", "draft_id": "d_bad", "post": {}, "queued_at": 1' + "0" * 400 + "}",
])
def test_a_damaged_waiting_entry_is_skipped_and_the_others_still_send(raw: str) -> None:
    """An unreadable outbox entry neither blocks the others nor gets sent as garbage."""
    storage = DictStorage()
    storage.set(PREFIX + "d_bad", raw)
    storage.set(PREFIX + "d_good", _GOOD.to_json())
    outbox = Outbox(storage)
    assert (outbox.for_draft("d_bad"), outbox.all()) == (None, [_GOOD])


def test_drafts_in_storage_are_not_waiting_posts() -> None:
    """Drafts and other keys in storage never appear in the outbox."""
    storage = DictStorage()
    storage.set("creatorpost.draft.d_1", _GOOD.to_json())
    storage.set("creatorpost.language", "ar")
    assert Outbox(storage).all() == []
