"""Drafts on the device: saved as the creator types, listed newest first, never silently overwritten."""

import json
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creatorpost.browser.drafts import Draft, DraftStore, Saved
from creatorpost.browser.storage_keys import DRAFT as PREFIX
from tests.unit.dict_storage import DictStorage


def stored_drafts(storage: DictStorage) -> dict[str, str]:
    """draft id -> document, for every draft in storage."""
    return {d.id: d.document for d in DraftStore(storage).all()}


def test_a_saved_draft_opens_again_exactly() -> None:
    """Save, then open the draft: same title, text and time, revision 1."""
    store = DraftStore(DictStorage())
    saved = store.save("d_1", 0, "Summer «picks» 🌞", '{"post": {"title": "Summer"}}', 1000.0)
    draft = Draft("d_1", 1, 1000.0, "Summer «picks» 🌞", '{"post": {"title": "Summer"}}')
    assert (saved, store.load("d_1")) == (Saved(draft), draft)


def test_saving_as_the_creator_types_moves_the_revision_on() -> None:
    """Each save from the latest revision replaces the draft; the draft list still has one entry."""
    storage = DictStorage()
    store = DraftStore(storage)
    first = store.save("d_1", 0, "S", "v1", 1.0)
    second = store.save("d_1", first.draft.revision, "Su", "v2", 2.0)
    assert (second, store.all()) == (Saved(Draft("d_1", 2, 2.0, "Su", "v2")), [Draft("d_1", 2, 2.0, "Su", "v2")])


def test_two_tabs_editing_one_draft_never_lose_either_side() -> None:
    """Tab B saves over a draft tab A already moved on: A's text stays, B's text becomes a second draft."""
    storage = DictStorage()
    store = DraftStore(storage)
    opened = store.save("d_1", 0, "Hats", "both opened this", 1.0).draft
    tab_a = store.save("d_1", opened.revision, "Hats", "tab A wrote this", 2.0)
    tab_b = store.save("d_1", opened.revision, "Hats!", "tab B wrote this", 3.0)
    fork = tab_b.draft
    assert (tab_a.forked_from, tab_b, fork.id != "d_1", stored_drafts(storage)) == (
        None, Saved(Draft(fork.id, 1, 3.0, "Hats!", "tab B wrote this"), forked_from="d_1"), True,
        {fork.id: "tab B wrote this", "d_1": "tab A wrote this"})


def test_after_a_fork_the_tab_keeps_saving_into_its_own_draft() -> None:
    """Once forked, the stale tab's next saves go to its new draft and leave the other tab's draft alone."""
    storage = DictStorage()
    store = DraftStore(storage)
    store.save("d_1", 0, "", "start", 1.0)
    store.save("d_1", 1, "", "tab A", 2.0)
    fork = store.save("d_1", 1, "", "tab B", 3.0).draft
    again = store.save(fork.id, fork.revision, "", "tab B, more", 4.0)
    assert (again, stored_drafts(storage)) == (
        Saved(Draft(fork.id, 2, 4.0, "", "tab B, more")), {fork.id: "tab B, more", "d_1": "tab A"})


def test_a_stale_tab_saving_what_is_already_stored_does_not_fork() -> None:
    """Two tabs reaching the same text (say both undid to it) keep one draft, and the tab catches up."""
    storage = DictStorage()
    store = DraftStore(storage)
    store.save("d_1", 0, "T", "start", 1.0)
    latest = store.save("d_1", 1, "T", "same text", 2.0).draft
    stale = store.save("d_1", 1, "T", "same text", 3.0)
    assert (stale, stored_drafts(storage)) == (Saved(latest), {"d_1": "same text"})


def test_a_draft_deleted_in_another_tab_is_kept_by_the_tab_still_typing() -> None:
    """If another tab deleted the draft, the tab still editing it saves it again instead of losing the text."""
    store = DraftStore(DictStorage())
    store.save("d_1", 0, "", "v1", 1.0)
    store.delete("d_1")
    deleted = store.load("d_1")
    assert (deleted, store.save("d_1", 1, "", "v2", 2.0), store.all()) == (
        None, Saved(Draft("d_1", 2, 2.0, "", "v2")), [Draft("d_1", 2, 2.0, "", "v2")])


def test_the_draft_list_is_newest_first_and_deleting_removes_one() -> None:
    """Drafts are listed by when they were last saved, newest first; a deleted one disappears from the list."""
    store = DraftStore(DictStorage())
    for draft_id, when in (("d_mid", 20.0), ("d_old", 10.0), ("d_new", 30.0), ("d_gone", 40.0)):
        store.save(draft_id, 0, draft_id, "{}", when)
    store.delete("d_gone")
    assert [(d.id, d.saved_at) for d in store.all()] == [("d_new", 30.0), ("d_mid", 20.0), ("d_old", 10.0)]


_GOOD = Draft("d_good", 3, 5.0, "Good", '{"post": {}}')


@pytest.mark.parametrize("raw", [
    "",
    "{",
    "[]",
    "null",
    '"d_bad"',
    '{"id": "d_bad"}',
    '{"id": "d_bad", "revision": "two", "saved_at": 1, "document": "{}"}',
    '{"id": "d_bad", "revision": null, "saved_at": 1, "document": "{}"}',
    '{"id": "d_bad", "revision": 1, "saved_at": "noon", "document": "{}"}',
    '{"id": "d_bad", "revision": 1e999, "saved_at": 1, "document": "{}"}',
    '{"id": "d_bad", "revision": NaN, "saved_at": 1, "document": "{}"}',
    '{"id": "d_bad", "revision": 1, "saved_at": 1' + "0" * 400 + ', "document": "{}"}',
    '{"id": "d_bad", "revision": 1, "saved_at": 1, "document": {"post": {}}}',
    '{"id": "d_bad", "revision": 1, "saved_at": 1, "document": null}',
])
def test_a_damaged_stored_draft_is_skipped_and_the_others_still_list(raw: str) -> None:
    """One unreadable entry in storage neither breaks the draft list nor opens as garbage."""
    storage = DictStorage()
    storage.set(PREFIX + "d_bad", raw)
    storage.set(PREFIX + "d_good", _GOOD.to_json())
    store = DraftStore(storage)
    assert (store.load("d_bad"), store.all()) == (None, [_GOOD])


def test_saving_over_a_damaged_draft_writes_a_good_one() -> None:
    """If the stored copy is unreadable, the creator's save replaces it rather than failing."""
    storage = DictStorage()
    storage.set(PREFIX + "d_1", '{"id": "d_1", "revision": ')
    store = DraftStore(storage)
    assert (store.save("d_1", 4, "", "text", 9.0), store.all()) == (
        Saved(Draft("d_1", 5, 9.0, "", "text")), [Draft("d_1", 5, 9.0, "", "text")])


def test_other_things_in_storage_are_not_drafts() -> None:
    """The outbox, the language choice and other sites' keys never show up as drafts."""
    storage = DictStorage()
    storage.set("creatorpost.outbox.d_1", json.dumps({"id": "x", "revision": 1, "saved_at": 1, "document": "{}"}))
    storage.set("creatorpost.language", "fr")
    storage.set("other-site", "{}")
    store = DraftStore(storage)
    store.save("d_1", 0, "", "{}", 1.0)
    assert store.all() == [Draft("d_1", 1, 1.0, "", "{}")]


@dataclass
class Tab:
    """What one browser tab's editor holds: the draft it saves into, the revision it started from, its text."""
    draft_id: str
    revision: int
    text: str


_TAB_ACTIONS = st.lists(st.tuples(st.integers(0, 2), st.sampled_from(["type", "copy", "reload"]), st.integers(0, 2)),
                        max_size=30)


@settings(max_examples=300)
@given(_TAB_ACTIONS)
def test_any_interleaving_of_tabs_only_ever_replaces_text_the_saving_tab_was_editing(
        actions: list[tuple[int, str, int]]) -> None:
    """Three tabs typing, converging and reloading in any order: no save replaces text the saving tab had not seen."""
    store = DraftStore(DictStorage())
    start = store.save("d_1", 0, "", "text 0", 0.0).draft
    tabs = [Tab(start.id, start.revision, start.document) for _ in range(3)]
    for step, (index, action, other) in enumerate(actions, start=1):
        tab = tabs[index]
        if action == "reload":  # what the editor does when another tab saved its draft
            current = store.load(tab.draft_id)
            assert current is not None
            tab.revision, tab.text = current.revision, current.document
            continue
        text = f"text {step}" if action == "type" else tabs[other].text
        before = {d.id: d.document for d in store.all()}
        saved = store.save(tab.draft_id, tab.revision, "", text, float(step))
        after = {d.id: d.document for d in store.all()}
        replaced = {draft_id: old for draft_id, old in before.items() if after.get(draft_id) != old}
        assert (replaced in ({}, {tab.draft_id: tab.text}), after[saved.draft.id]) == (True, text)
        tab.draft_id, tab.revision, tab.text = saved.draft.id, saved.draft.revision, text


def test_photo_previews_are_kept_beside_the_draft_and_go_with_it() -> None:
    """Previews saved apart from the text come back with the draft, and deleting the draft removes both."""
    storage = DictStorage()
    store = DraftStore(storage)
    store.save("d_1", 0, "Haul", '{"post": {}}', 1.0)
    store.save_previews("d_1", json.dumps({"k1": {"src": "data:x"}, "bad": 3}))
    assert store.load_previews("d_1") == {"k1": {"src": "data:x"}}
    assert [d.id for d in store.all()] == ["d_1"]
    store.delete("d_1")
    assert (store.load("d_1"), store.load_previews("d_1"), storage.keys()) == (None, {}, [])
