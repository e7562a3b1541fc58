"""The room: an instructor with the key opens a room and watches participants who joined from their own sessions."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from course.room import place, store
from course.ui import room_board, room_events, room_member, room_pacing
from tests.ui import helpers

KEY = "the-instructors-own-key"
INSTRUCTORS = "pages/instructors_room.py"
NASTY = ("[x](http://evil)", "<b>x</b>", "www.evil.com")


@pytest.fixture
def rooms(tmp_path, monkeypatch):
    """Room mode on, rooms in this test's folder, a known instructor key."""
    helpers.fresh_process_state(tmp_path, monkeypatch)
    folder = tmp_path / "rooms"
    monkeypatch.setenv(place.ROOM_MODE, "1")
    monkeypatch.setenv(place.ROOMS, str(folder))
    monkeypatch.setenv(place.KEY, KEY)
    return folder


def _instructor(key: str = KEY) -> AppTest:
    at = helpers.open_app()
    at.switch_page(INSTRUCTORS).run()
    at.text_input(key=room_board.KEY_FIELD).input(key)
    at.button(key="room.unlock").click().run()
    helpers.assert_no_exception(at)
    return at


def _open_room(at: AppTest) -> str:
    at.button(key="room.open").click().run()
    helpers.assert_no_exception(at)
    return at.session_state[f"cq4ds.{room_board.CHOSEN}"]


def _join(nickname: str, code: str) -> AppTest:
    at = helpers.open_app({"room": code})  # the join link
    assert at.text_input(key=room_member.CODE_FIELD).value == code
    at.text_input(key=room_member.NICK_FIELD).input(nickname)
    at.button(key="room.join").click().run()
    helpers.assert_no_exception(at)
    return at


def _answer(at: AppTest, key: str, text: str) -> None:
    at.radio(key=key).set_value(text).run()
    helpers.assert_no_exception(at)


def _progress(at: AppTest) -> pd.DataFrame:
    (table,) = [frame.value for frame in at.dataframe if "nickname" in frame.value.columns]
    return table


def _grid(at: AppTest) -> pd.DataFrame:
    """The coloured grid's cells (a Vega-Lite chart: its data as the page sent it)."""
    (chart,) = at.get("vega_lite_chart")
    return pa.ipc.open_stream(chart.proto.data.data).read_pandas()


def _markdown(at: AppTest) -> str:
    return "\n".join(str(element.value) for element in [*at.markdown, *at.caption, *at.sidebar.markdown])


def test_the_instructors_page_refuses_a_wrong_key_and_opens_a_room_with_the_right_one(rooms):
    refused = _instructor("not-the-key")
    assert room_board.WRONG_KEY in helpers.errors(refused)
    assert not [button for button in refused.button if button.key == "room.open"]
    assert refused.text_input(key=room_board.KEY_FIELD).value == ""  # the typed key does not linger
    assert not rooms.exists() or not store.listed(rooms)

    at = _instructor()
    assert not helpers.errors(at)
    code = _open_room(at)
    assert store.listed(rooms) == [code]
    assert any(f"?room={code}" in block.value for block in at.code)
    assert f"`{code}`" in _markdown(at)
    assert "Nobody has joined yet" in " ".join(info.value for info in at.info)


def test_the_dashboard_shows_two_participants_with_their_pages_answers_predictions_and_stuck_flag(rooms):
    instructor = _instructor()
    code = _open_room(instructor)

    ada = _join("Ada", code)
    ada.switch_page("pages/tech_debt.py").run()
    _answer(ada, "tech_debt.q1", helpers.right_option("tech_debt.q1"))
    ada.radio(key="tech_debt.predict").set_value(ada.radio(key="tech_debt.predict").options[0]).run()
    helpers.assert_no_exception(ada)
    ada.run()  # a rerun reports nothing again

    bob = _join("Bob", code)
    bob.switch_page("pages/eos.py").run()
    _answer(bob, "eos.q1", helpers.wrong_option("eos.q1"))
    _answer(bob, "eos.q1", helpers.right_option("eos.q1"))  # feedback read: the latest answer is right
    _answer(bob, "eos.q2", helpers.wrong_option("eos.q2"))
    bob.sidebar.toggle(key=room_member.STUCK).set_value(True).run()
    helpers.assert_no_exception(bob)

    instructor.run()
    helpers.assert_no_exception(instructor)
    table = _progress(instructor).set_index("nickname")
    assert list(table.index) == ["Ada", "Bob"]
    assert table.loc["Ada", "now on"] == "2 · Why tech debt matters"
    assert table.loc["Ada", "2 · Why tech debt matters"] == "1/1 ✓"
    assert table.loc["Ada", "Start here"] == "seen"
    assert table.loc["Ada", "6 · Symmetry (EOS)"] == ""
    assert table.loc["Ada", "predictions"] in ("0/1", "1/1")
    assert table.loc["Bob", "6 · Symmetry (EOS)"] == "stuck"
    assert table.loc["Bob", "2 · Why tech debt matters"] == ""
    assert [metric.value for metric in instructor.metric][:2] == ["2", "1"]
    cells = _grid(instructor).set_index(["participant", "step"])
    assert cells.loc[("Ada", "2 · Why tech debt matters"), "shows"] == "1/1 ✓"
    assert cells.loc[("Ada", "2 · Why tech debt matters"), "state"] == "all right"
    assert cells.loc[("Ada", "Start here"), "state"] == "seen"
    assert cells.loc[("Bob", "6 · Symmetry (EOS)"), "state"] == "stuck"
    assert cells.loc[("Bob", "2 · Why tech debt matters"), "state"] == "not yet"
    assert len(cells) == 2 * len(table.columns[4:]) + 2  # each step and the exercises, per participant
    assert [text.value for text in instructor.text][:2] == ["Bob", "6 · Symmetry (EOS)"]

    events = store.existing(rooms, code).snapshot().events
    assert (events["kind"] == "answer").sum() == 4  # Ada's one answer once, despite the reruns; Bob's three
    assert (events["kind"] == "predict").sum() == 1

    instructor.selectbox(key="room.answers.page").set_value(
        next(option for option in instructor.selectbox(key="room.answers.page").options if "EOS" in str(option))
    ).run()
    first = next(frame.value for frame in instructor.dataframe if "first answers" in frame.value.columns)
    wrong_row = 1 + [option.text for option in helpers.check_question("eos.q1").wrong].index(
        helpers.wrong_option("eos.q1")
    )
    assert list(first["first answers"]) == [1 if row == wrong_row else 0 for row in range(len(first))]
    assert list(first["answers now"]) == [1 if row == 0 else 0 for row in range(len(first))]

    instructor.button(key=next(b.key for b in instructor.button if b.key.startswith("room.handled."))).click().run()
    helpers.assert_no_exception(instructor)
    assert _progress(instructor).set_index("nickname").loc["Bob", "6 · Symmetry (EOS)"] == "1/2"
    assert _grid(instructor).set_index(["participant", "step"]).loc[("Bob", "6 · Symmetry (EOS)"), "state"] == (
        "not all right"
    )
    assert "Nobody is stuck." in [caption.value for caption in instructor.caption]
    bob.run()
    assert bob.sidebar.toggle(key=room_member.STUCK).value is False
    assert room_member.HANDLED in [caption.value for caption in bob.sidebar.caption]


def test_the_lab_reports_its_first_run_and_each_port_swapped(rooms):
    code = _open_room(_instructor())
    at = _join("Ada", code)
    at.switch_page(helpers.lab_page().path).run()
    helpers.assert_no_exception(at)
    assert at.query_params["room"] == code  # the Lab's own link keeps the room's entries
    helpers.choose(at, "model", "knn")
    helpers.assert_no_exception(at)
    labs = store.existing(rooms, code).snapshot().events.query("kind == 'lab'")
    assert list(labs["detail"]) == [{"milestone": "first run"}, {"milestone": "swap", "port": "model", "kind": "knn"}]


def test_a_participants_place_survives_a_rerun_and_their_link(rooms):
    code = _open_room(_instructor())
    at = _join("Ada", code)
    me = at.session_state[f"cq4ds.{room_events.MEMBER}"]
    assert at.query_params["room"] == code and at.query_params["me"] == me.participant
    at.run()
    assert "Ada" in [text.value for text in at.text]
    at.switch_page("pages/tech_debt.py").run()
    assert at.query_params["me"] == me.participant  # put back after the page link dropped it

    reloaded = helpers.open_app({"room": code, "me": me.participant})  # a reload: a new session, the same link
    helpers.assert_no_exception(reloaded)
    assert reloaded.session_state[f"cq4ds.{room_events.MEMBER}"] == me
    assert "Ada" in [text.value for text in reloaded.text]
    assert store.existing(rooms, code).snapshot().events["participant"].nunique() == 1

    at.sidebar.toggle(key=room_member.STUCK).set_value(True).run()
    again = helpers.open_app({"room": code, "me": me.participant})  # reloaded while stuck: the toggle stays on
    assert again.sidebar.toggle(key=room_member.STUCK).value is True

    stranger = helpers.open_app({"room": code, "me": "AAAAAAAAAAAAAAAA"})  # not a participant of this room
    helpers.assert_no_exception(stranger)
    assert helpers.state(stranger, f"cq4ds.{room_events.MEMBER}") is None
    assert stranger.text_input(key=room_member.NICK_FIELD).value == ""


def test_nicknames_are_shown_as_typed_never_as_markdown_or_html(rooms):
    instructor = _instructor()
    code = _open_room(instructor)
    for nickname in NASTY:
        at = _join(nickname, code)
        assert nickname in [text.value for text in at.text]
        assert "evil" not in _markdown(at) and "<b>" not in _markdown(at)
        at.sidebar.toggle(key=room_member.STUCK).set_value(True).run()
    instructor.run()
    helpers.assert_no_exception(instructor)
    assert list(_progress(instructor)["nickname"]) == list(NASTY)
    assert [text.value for text in instructor.text][::3] == list(NASTY)  # the stuck queue: plain text
    assert "evil" not in _markdown(instructor) and "<b>" not in _markdown(instructor)


def test_a_bad_code_or_nickname_is_refused_with_one_line(rooms):
    code = _open_room(_instructor())
    absent = "AAAAA" if code != "AAAAA" else "BBBBB"
    at = helpers.open_app()
    at.text_input(key=room_member.CODE_FIELD).input("ZZ0")
    at.text_input(key=room_member.NICK_FIELD).input("Ada")
    at.button(key="room.join").click().run()
    assert any("'ZZ0' is not a room code" in error for error in helpers.errors(at))
    at.text_input(key=room_member.CODE_FIELD).input(absent)
    at.button(key="room.join").click().run()
    assert any(f"there is no room {absent}" in error for error in helpers.errors(at))
    at.text_input(key=room_member.CODE_FIELD).input(code.lower())
    at.text_input(key=room_member.NICK_FIELD).input("   ")
    at.button(key="room.join").click().run()
    assert any("type a nickname" in error for error in helpers.errors(at))
    assert helpers.state(at, f"cq4ds.{room_events.MEMBER}") is None


def test_a_store_failure_costs_the_participant_one_line_and_is_logged(rooms, caplog):
    code = _open_room(_instructor())
    at = _join("Ada", code)
    store.delete(rooms, code)  # the database goes away under a running session
    with caplog.at_level(logging.WARNING, logger=room_events.LOG.name):
        at.switch_page("pages/tech_debt.py").run()
        _answer(at, "tech_debt.q1", helpers.right_option("tech_debt.q1"))
    helpers.assert_no_exception(at)
    assert not helpers.errors(at)
    assert at.title[0].value and any("Right." in success.value for success in at.success)
    assert room_events.FAILED in [caption.value for caption in at.sidebar.caption]
    assert any("could not record" in record.getMessage() for record in caplog.records)


def test_without_room_mode_there_is_no_join_panel_and_the_dashboard_says_how_to_start_one(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)
    monkeypatch.delenv(place.ROOM_MODE, raising=False)
    at = helpers.open_app({"room": "ABCDE", "me": "AAAAAAAAAAAAAAAA"})
    helpers.assert_no_exception(at)
    assert not [field for field in at.text_input if field.key == room_member.CODE_FIELD]
    at.switch_page(INSTRUCTORS).run()
    assert any("make room" in info.value for info in at.info)
    assert not at.text_input


def test_the_readme_and_the_guide_give_the_intervals_the_dashboard_and_the_coming_up_page_use():
    root = Path(__file__).resolve().parents[2]
    readme = " ".join((root / "README.md").read_text().split())
    assert f"every {room_board.REFRESH_SECONDS} s one row per participant" in readme
    assert f"every {room_board.SUMMARY_SECONDS} s the room's totals" in readme
    assert f"the page checks the room every {room_pacing.POLL_SECONDS} s" in readme
    guide = " ".join((root / "docs" / "facilitator" / "guide.md").read_text().split())
    assert (
        f"where everyone is and the stuck queue every {room_board.REFRESH_SECONDS} s, the tables below them "
        f"(exercises, Lab tasks, check answers, time per page) every {room_board.SUMMARY_SECONDS} s"
    ) in guide
