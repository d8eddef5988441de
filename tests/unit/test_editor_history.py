"""Undo and redo as the creator sees them: one step per field edit, per block action, never a dead press."""

from hypothesis import given, settings
from hypothesis import strategies as st

from creatorpost.browser.history import History


def type_into(history: History, field: str, before: str, text: str) -> str:
    """Record one snapshot per key press, as the editor does on every input event."""
    for end in range(1, len(text) + 1):
        history.record(f"{field}={before}{text[:end]}", group=field)
    return before + text


def test_a_fresh_editor_has_nothing_to_undo_or_redo() -> None:
    """Undo and Redo are disabled before the first change and pressing them does nothing."""
    history = History("empty")
    assert (history.can_undo, history.can_redo, history.undo(), history.redo(), history.current) == (
        False, False, None, None, "empty")


def test_undo_after_typing_a_word_undoes_the_word_not_one_letter() -> None:
    """Typing "hello" in the title and pressing Undo brings back the empty title in one press."""
    history = History("title=")
    type_into(history, "title", "", "hello")
    assert (history.current, history.undo(), history.can_undo) == ("title=hello", "title=", False)


def test_redo_brings_the_whole_word_back() -> None:
    """Redo after undoing a typed word restores the whole word, and Redo is then used up."""
    history = History("title=")
    type_into(history, "title", "", "hello")
    history.undo()
    assert (history.redo(), history.can_redo, history.can_undo) == ("title=hello", False, True)


def test_leaving_the_field_ends_the_undo_step() -> None:
    """Typing, leaving the field, coming back and typing more: Undo takes back only the second part."""
    history = History("title=")
    typed = type_into(history, "title", "", "hello")
    history.seal()
    type_into(history, "title", typed, " world")
    assert [history.undo(), history.undo(), history.undo()] == ["title=hello", "title=", None]


def test_typing_in_another_field_is_its_own_step() -> None:
    """Title then introduction: the first Undo clears only the introduction."""
    history = History("start")
    history.record("title=Hi", group="title")
    history.record("intro=Hello", group="introduction")
    history.record("intro=Hello there", group="introduction")
    assert [history.undo(), history.undo(), history.undo()] == ["title=Hi", "start", None]


def test_each_block_action_is_one_step() -> None:
    """Adding two blocks (changes without a group) takes two presses of Undo to take back."""
    history = History("blocks=0")
    history.record("blocks=1")
    history.record("blocks=2")
    assert [history.undo(), history.undo(), history.undo()] == ["blocks=1", "blocks=0", None]


def test_typing_again_after_undo_is_a_new_step() -> None:
    """After an Undo, new typing in the same field is undone on its own; the undone-to text survives."""
    history = History("title=")
    typed = type_into(history, "title", "", "ab")
    history.seal()
    type_into(history, "title", typed, "c")
    history.undo()
    type_into(history, "title", typed, "d")
    assert [history.undo(), history.undo(), history.undo()] == ["title=ab", "title=", None]


def test_a_change_after_undo_ends_redo() -> None:
    """Redo is no longer offered once the creator changes something after an Undo."""
    history = History("a")
    history.record("b")
    history.undo()
    history.record("c")
    assert (history.can_redo, history.redo(), history.current) == (False, None, "c")


def test_recording_the_unchanged_document_is_not_a_step() -> None:
    """A change event that changed nothing (focus, same value) adds no Undo step."""
    history = History("a")
    history.record("a")
    history.record("a", group="title")
    assert (history.can_undo, history.current) == (False, "a")


def test_typing_then_erasing_it_leaves_no_dead_undo_press() -> None:
    """Type a letter, erase it: Undo then takes back the previous real change, not the nothing."""
    history = History("blocks=0")
    history.record("blocks=1")
    history.record("blocks=1 title=x", group="title")
    history.record("blocks=1", group="title")
    assert [history.undo(), history.undo()] == ["blocks=0", None]


def test_typing_after_erasing_starts_a_fresh_step() -> None:
    """Typed, erased, typed again: one Undo removes the new text and leaves the document as it was."""
    history = History("blocks=0")
    history.record("blocks=1")
    history.record("blocks=1 title=x", group="title")
    history.record("blocks=1", group="title")
    history.record("blocks=1 title=y", group="title")
    assert [history.undo(), history.undo(), history.undo()] == ["blocks=1", "blocks=0", None]


def test_only_the_newest_steps_up_to_the_limit_are_kept() -> None:
    """With a limit of 3, five changes can be undone three times, back to the second state."""
    history = History("s0", limit=3)
    for n in range(1, 6):
        history.record(f"s{n}")
    assert [history.undo(), history.undo(), history.undo(), history.undo()] == ["s4", "s3", "s2", None]


_ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("record"), st.sampled_from(["a", "b", "c", "d"]), st.sampled_from([None, "title", "intro"])),
    st.tuples(st.just("seal"), st.none(), st.none()),
    st.tuples(st.just("undo"), st.none(), st.none()),
    st.tuples(st.just("redo"), st.none(), st.none()),
), max_size=40)


@settings(max_examples=400)
@given(_ACTIONS)
def test_every_undo_and_redo_press_visibly_changes_the_document(
        actions: list[tuple[str, str | None, str | None]]) -> None:
    """Whatever the creator did, each enabled Undo or Redo press changes the document; a disabled one does nothing."""
    history = History("a")
    for action, snapshot, group in actions:
        before, offered = history.current, (history.can_undo if action == "undo" else history.can_redo)
        if action == "record":
            assert snapshot is not None
            history.record(snapshot, group)
        elif action == "seal":
            history.seal()
        else:
            result = history.undo() if action == "undo" else history.redo()
            seen = "nothing" if result is None else "changed" if result != before else "same document"
            assert seen == ("changed" if offered else "nothing")


@settings(max_examples=400)
@given(_ACTIONS)
def test_undoing_everything_returns_to_the_opened_document_and_redo_replays_it(
        actions: list[tuple[str, str | None, str | None]]) -> None:
    """Pressing Undo until it stops gives the document as opened; Redo until it stops gives the latest again."""
    history = History("a")
    for action, snapshot, group in actions:
        if action == "record":
            assert snapshot is not None
            history.record(snapshot, group)
        elif action == "seal":
            history.seal()
        elif action == "undo":
            history.undo()
        else:
            history.redo()
    while history.redo() is not None:
        pass
    latest = history.current
    while history.undo() is not None:
        pass
    opened = history.current
    while history.redo() is not None:
        pass
    assert (opened, history.current) == ("a", latest)
