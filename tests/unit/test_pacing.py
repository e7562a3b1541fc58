"""Pacing's record and rule: the page a room is released up to survives a restart; the pages after it are paced."""

from __future__ import annotations

from course.room import store
from course.ui.room_pacing import coming_up_after
from course.ui.site import DEFAULT_PAGE, course_order, entries


def test_a_room_starts_unpaced_and_keeps_the_page_it_is_released_up_to_across_a_restart(tmp_path):
    room = store.open_new(tmp_path)
    assert room.released_up_to() is None
    room.release("pages/eos.py")
    restarted = store.existing(tmp_path, room.code)  # a new server process reads the same file
    assert restarted.released_up_to() == "pages/eos.py" == restarted.snapshot().released_up_to
    restarted.release("pages/decoupling.py")
    assert room.released_up_to() == "pages/decoupling.py"
    restarted.release(None)
    assert room.released_up_to() is None and room.snapshot().released_up_to is None


def test_the_pages_after_the_released_one_are_coming_up_in_the_course_order_and_only_those():
    order = [page.script for page in course_order()]
    assert coming_up_after(None) == ()
    assert coming_up_after(DEFAULT_PAGE) == tuple(order[1:])
    assert coming_up_after("pages/eos.py") == tuple(order[order.index("pages/eos.py") + 1 :])
    assert "pages/eos.py" not in coming_up_after("pages/eos.py")
    assert coming_up_after(order[-1]) == ()
    assert coming_up_after("pages/glossary.py") == ()  # not a step of the course: nothing is paced after it
    never_paced = {page.script for page in entries() if page.audience != "course"}
    assert never_paced and not never_paced & set(coming_up_after(DEFAULT_PAGE))
