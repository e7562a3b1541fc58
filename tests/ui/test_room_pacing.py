"""Pacing in a room: off by default; released up to a page, the later pages are coming up; the next one opens."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from course.room import store
from course.ui import room_pacing
from tests.ui import helpers
from tests.ui import test_room as room_tests
from tests.ui.test_room import _instructor, _join, _open_room

rooms = room_tests.rooms  # the fixture: room mode on, rooms in the test's folder
TECH_DEBT, LIFECYCLE, EOS = "pages/tech_debt.py", "pages/lifecycle.py", "pages/eos.py"


def _coming_up(at: AppTest) -> bool:
    return any(room_pacing.ICON + " Coming up" in block.value for block in at.markdown)


def _links(at: AppTest) -> dict[str, str]:
    """The page links shown, by label: their icon."""
    return {link.proto.label: link.proto.icon for link in at.page_link}


def _banner(at: AppTest) -> str:
    return " ".join(block.value for block in at.markdown if block.value.startswith(room_pacing.BELL))


def test_pacing_is_off_by_default_and_a_released_room_shows_the_later_pages_as_coming_up(rooms):
    instructor = _instructor()
    code = _open_room(instructor)
    assert room_pacing.OFF in " ".join(caption.value for caption in instructor.caption)
    ada = _join("Ada", code)
    ada.switch_page(EOS).run()
    assert not _coming_up(ada) and ada.radio(key="eos.q1")  # the page itself, with its check questions

    box = next(box for box in instructor.selectbox if box.key.startswith("room.pace."))
    box.set_value(TECH_DEBT).run()
    instructor.button(key="room.pace.release").click().run()
    helpers.assert_no_exception(instructor)
    room = store.existing(rooms, code)
    assert room.released_up_to() == TECH_DEBT

    ada.switch_page(LIFECYCLE).run()
    helpers.assert_no_exception(ada)
    assert _coming_up(ada) and ada.title[0].value == "3 · The ML lifecycle"
    assert _links(ada)["Back to the page open now: 2 · Why tech debt matters"] == ":material/arrow_back:"
    assert room_pacing.NOT_SECRET in [caption.value for caption in ada.caption]
    visits = room.snapshot().events.query("kind == 'visit'")["page"]
    assert LIFECYCLE not in set(visits) and EOS in set(visits)  # a coming-up page is not reported as reached

    ada.switch_page("pages/start.py").run()
    syllabus = _links(ada)
    assert syllabus["3 · The ML lifecycle"] == room_pacing.ICON == syllabus["12 · Jupyter notebooks"]
    assert syllabus["2 · Why tech debt matters"] != room_pacing.ICON
    assert syllabus["1 · ML products"] != room_pacing.ICON

    outside = helpers.open_app()  # a session that is not in the room sees every page as before
    outside.switch_page(LIFECYCLE).run()
    assert not _coming_up(outside)
    assert room_pacing.ICON not in _links(helpers.open_app()).values()


def test_the_next_page_opens_with_a_banner_and_pacing_off_opens_every_page(rooms):
    instructor = _instructor()
    code = _open_room(instructor)
    store.existing(rooms, code).release(TECH_DEBT)
    ada = _join("Ada", code)
    ada.switch_page(LIFECYCLE).run()
    assert _coming_up(ada)

    instructor.run()
    instructor.button(key="room.pace.next").click().run()  # "Open the next page: 3 · The ML lifecycle"
    helpers.assert_no_exception(instructor)
    assert store.existing(rooms, code).released_up_to() == LIFECYCLE

    ada.run()  # the participant's next run (the coming-up page's fragment asks for it)
    helpers.assert_no_exception(ada)
    assert not _coming_up(ada)
    assert "has opened 3 · The ML lifecycle" in _banner(ada)
    assert "It is this page: read on." in [caption.value for caption in ada.caption]
    assert [toast.value for toast in ada.toast] == ["Opened: 3 · The ML lifecycle"]
    ada.run()
    assert not _banner(ada)  # said once

    ada.switch_page(EOS).run()
    assert _coming_up(ada)
    instructor.button(key="room.pace.off").click().run()
    assert store.existing(rooms, code).released_up_to() is None
    ada.run()
    assert not _coming_up(ada) and "switched pacing off" in _banner(ada)
    assert room_pacing.ICON not in _links(ada).values()
