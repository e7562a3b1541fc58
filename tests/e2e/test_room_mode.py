"""A workshop room in real browsers: an instructor and three participants, each in a browser context of their own.

The instructor unlocks the dashboard with the key, opens a room and paces the course up to page 2. Three
participants join from the join link with a nickname, open page 2 and answer its first check question; one
of them asks for help. The dashboard shows the three and the one stuck; the instructor marks it handled. The
participant who was stuck goes on to page 3, which is coming up, and waits there; the instructor opens it and
the page opens by itself, with a banner. Screenshots: artifacts/screenshots/room_*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from course.room import place
from course.ui import room_member, room_pacing
from tests.e2e.browser import metric_value, screenshot, settled, watch
from tests.e2e.harness import ROOT, serve
from tests.ui.helpers import check_question

KEY = "the-e2e-instructors-key"
PROJECTOR = {"width": 1280, "height": 900}
PAGE_2, PAGE_3 = "2 · Why tech debt matters", "3 · The ML lifecycle"
QUESTION = "tech_debt.q1"
NICKNAMES = ("Ada", "Bob", "Cy")
ICON_TEXT = room_pacing.ICON.strip(":").split("/")[1]  # a Material icon is drawn from its name, as text
WITHIN = 30_000  # ms: a first run of a page on a busy machine


@pytest.fixture(scope="module")
def room_url(tmp_path_factory):
    """An app server in room mode, with its rooms in this module's own folder and a known instructor key."""
    rooms = tmp_path_factory.mktemp("rooms")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in ((place.ROOM_MODE, "1"), (place.ROOMS, str(rooms)), (place.KEY, KEY)):
            patch.setenv(name, value)
        with serve(rooms.parent / "room-server.log") as server:
            patch.undo()  # the server has its environment; this process goes on without room mode
            yield server.url


@pytest.fixture
def sessions(room_url, browser, browser_context_args):
    """Open a page in a new browser context (a session of its own), watched; every context closed afterwards."""
    contexts = []

    def open_session() -> Page:
        context = browser.new_context(**{**browser_context_args, "viewport": PROJECTOR})
        contexts.append(context)
        return watch(context.new_page(), room_url)

    yield open_session
    for context in contexts:
        context.close()


def _nav(page: Page, title: str):
    return page.get_by_test_id("stSidebarNav").get_by_role("link", name=title)


def _stuck(page: Page):
    """The sidebar's "I'm stuck" toggle."""
    return page.get_by_role("switch", name="I'm stuck")


def _answer(page: Page, option: str) -> None:
    radio = page.get_by_test_id("stRadio").filter(has_text=check_question(QUESTION).prompt)
    radio.get_by_text(option, exact=True).click()
    expect(page.get_by_test_id("stAlert").filter(has_text=re.compile(r"^(Right|Not quite)\."))).to_be_visible(
        timeout=WITHIN
    )


def test_an_instructor_paces_a_room_of_three_who_join_answer_get_stuck_and_get_the_next_page(room_url, sessions):
    instructor = sessions()
    instructor.goto(f"{room_url}/instructors_room")
    instructor.get_by_role("textbox", name="Instructor key").fill(KEY)
    instructor.get_by_role("button", name="Unlock").click()
    instructor.get_by_role("button", name="Open a new room").click()
    link = instructor.get_by_test_id("stCode").filter(has_text="?room=")
    expect(link).to_be_visible(timeout=WITHIN)
    code = re.search(r"\?room=([A-Z0-9]+)", link.inner_text())[1]
    instructor.get_by_role("combobox", name="Open the course up to").click()
    instructor.get_by_role("option", name=PAGE_2, exact=True).click()
    instructor.get_by_role("button", name="Pace the room").click()
    expect(instructor.get_by_text(f"Open up to {PAGE_2}")).to_be_visible(timeout=WITHIN)

    people = [sessions() for _ in NICKNAMES]
    for person in people:  # the join links load side by side
        person.goto(f"{room_url}/?room={code}")
    for person, nickname in zip(people, NICKNAMES, strict=True):
        expect(person.get_by_role("textbox", name="Room code")).to_have_value(code, timeout=WITHIN)
        person.get_by_role("textbox", name="Nickname").fill(nickname)
        person.get_by_role("button", name="Join").click()
        expect(person.get_by_text(f"You are in room {code}")).to_be_visible(timeout=WITHIN)
    ada, bob = people[:2]
    expect(_nav(ada, PAGE_3)).to_contain_text(ICON_TEXT)  # coming up, in the navigation
    expect(_nav(ada, PAGE_2)).not_to_contain_text(ICON_TEXT)
    for person in people:
        _nav(person, PAGE_2).click()
    question = check_question(QUESTION)
    for person, option in zip(people, (question.right, question.wrong[0], question.right), strict=True):
        _answer(person, option.text)
    bob.get_by_test_id("stCheckbox").filter(has_text="I'm stuck").click()
    expect(_stuck(bob)).to_be_checked()

    for label, wanted in (("Participants", "3"), ("Stuck now", "1")):
        expect(
            instructor.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")
        ).to_have_text(wanted, timeout=WITHIN)  # the dashboard's fragment refreshes itself every few seconds
    expect(instructor.get_by_test_id("stText").filter(has_text=re.compile("^Bob$"))).to_be_visible()
    settled(instructor)
    instructor.set_viewport_size({"width": 1280, "height": 1800})
    settled(instructor)
    screenshot(instructor, "room_dashboard")
    instructor.get_by_role("button", name="Handled").click()
    expect(instructor.get_by_text("Nobody is stuck.")).to_be_visible(timeout=WITHIN)
    assert metric_value(instructor, "Participants") == "3"

    bob.get_by_role("link", name=re.compile(f"Next: {re.escape(PAGE_3)}")).click()
    coming_up = bob.get_by_role("heading", name="Coming up")
    expect(coming_up).to_be_visible(timeout=WITHIN)
    expect(bob.get_by_text(room_member.HANDLED)).to_be_visible()
    expect(_stuck(bob)).not_to_be_checked()
    settled(bob)
    screenshot(bob, "room_coming_up")

    instructor.get_by_role("button", name=f"Open the next page: {PAGE_3}").click()
    expect(instructor.get_by_text(f"Open up to {PAGE_3}")).to_be_visible(timeout=WITHIN)
    banner = bob.get_by_text(f"The instructor has opened {PAGE_3}.")
    expect(banner).to_be_visible(timeout=WITHIN)  # no click: the coming-up page checks every few seconds
    expect(coming_up).to_have_count(0)
    settled(bob)
    screenshot(bob, "room_banner")
    for page in (instructor, *people):
        assert page.get_by_test_id("stException").count() == 0
        assert page.outside_requests == []  # the icons come with the app: nothing is fetched from elsewhere
    assert metric_value(instructor, "Participants") == "3"
    assert (ROOT / "artifacts" / "screenshots" / "room_banner.png").is_file()
