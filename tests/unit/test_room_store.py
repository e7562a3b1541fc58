"""The room's record: a WAL-mode SQLite file that survives a restart, exports CSV, deletes, takes two writers."""

from __future__ import annotations

import csv
import json
import sqlite3
import stat
import threading
from pathlib import Path

import pandas as pd
import pytest

from course.room import codes, export, place, store
from course.room.codes import RoomError

ROOT = Path(__file__).resolve().parents[2]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_room_is_a_private_sqlite_file_in_wal_mode(tmp_path):
    room = store.open_new(tmp_path)
    assert codes.is_code(room.code) and room.path == tmp_path / f"{room.code}.sqlite3"
    assert room.journal_mode() == "wal"
    assert _mode(room.path) == 0o600
    with sqlite3.connect(room.path) as raw:  # WAL is a property of the file: a plain connection sees it too
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"room", "participants", "events"} <= tables
    assert store.listed(tmp_path) == [room.code]


def test_what_was_recorded_survives_a_restart(tmp_path):
    room = store.open_new(tmp_path, now=100.0)
    ada = room.join("Ada", now=101.0)
    room.record(ada, "visit", "pages/eos.py", now=102.0)
    room.record(ada, "answer", "pages/eos.py", {"question": "eos.q1", "option": 2, "right": False}, now=103.0)
    room.release("pages/eos.py")
    del room  # a restarted server reads the file anew (the process dying unclosed: tests/unit/test_room_wal.py)

    again = store.existing(tmp_path, store.listed(tmp_path)[0])
    snapshot = again.snapshot()
    assert snapshot.released_up_to == "pages/eos.py" and snapshot.created == 100.0
    assert list(snapshot.events["kind"]) == ["join", "visit", "answer"]
    assert snapshot.events["detail"].iloc[2] == {"question": "eos.q1", "option": 2, "right": False}
    assert again.nickname(ada) == "Ada"
    with sqlite3.connect(again.path) as raw:
        assert raw.execute("SELECT count(*) FROM events").fetchone()[0] == 3


def test_a_later_snapshot_reads_only_the_new_events_and_equals_a_whole_read(tmp_path, monkeypatch):
    room = store.open_new(tmp_path)
    ada = room.join("Ada", now=1.0)
    room.record(ada, "visit", "pages/eos.py", now=2.0)
    first = room.snapshot()
    grace = room.join("Grace", now=3.0)
    room.record(ada, "answer", "pages/eos.py", {"question": "eos.q1", "option": 0, "right": True}, now=4.0)
    room.record(grace, "stuck", "pages/lab.py", now=5.0)
    room.release("pages/lab.py")
    parsed: list[str] = []
    loads = json.loads
    monkeypatch.setattr(json, "loads", lambda text: parsed.append(text) or loads(text))

    later = room.snapshot(first)

    assert len(parsed) == 3  # the three events since `first`, not the five
    whole = room.snapshot()
    pd.testing.assert_frame_equal(later.events, whole.events)
    assert later.last_event == whole.last_event == 5 and later.released_up_to == "pages/lab.py"
    assert list(later.events["kind"]) == ["join", "visit", "join", "answer", "stuck"]
    assert room.snapshot(later).events is later.events  # nothing new: nothing read


def test_a_snapshot_of_another_room_is_not_continued(tmp_path):
    room = store.open_new(tmp_path, now=1.0)
    room.record(room.join("Ada"), "visit", "pages/eos.py")
    old = room.snapshot()
    other = store.open_new(tmp_path, now=2.0)
    other.join("Grace")
    assert list(other.snapshot(old).events["nickname"]) == ["Grace"]

    store.delete(tmp_path, room.code)  # a new room under the deleted room's code is a different room all the same
    store.open_new(tmp_path, now=3.0).path.rename(room.path)
    assert store.existing(tmp_path, room.code).snapshot(old).events.empty


def test_export_writes_every_event_as_csv_atomically_and_defuses_formulas(tmp_path):
    room = store.open_new(tmp_path)
    first = room.join("=HYPERLINK(1)")
    second = room.join("Grace")
    room.record(first, "stuck", "pages/lab.py")
    room.record(second, "predict", "pages/eos.py", {"key": "eos", "choice": 1, "right": True})
    target = export.write_csv(room, store.export_path(tmp_path, room.code))
    with target.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["kind"] for row in rows] == ["join", "join", "stuck", "predict"]
    assert rows[0]["nickname"] == "'=HYPERLINK(1)" and rows[1]["nickname"] == "Grace"
    assert rows[3]["detail"] == '{"choice": 1, "key": "eos", "right": true}'
    assert _mode(target) == 0o600
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".tmp")]


def test_delete_removes_the_database_its_wal_files_and_its_export(tmp_path):
    room = store.open_new(tmp_path)
    room.join("Ada")
    export.write_csv(room, store.export_path(tmp_path, room.code))
    reader = sqlite3.connect(room.path)  # a connection still open (a dashboard reading) keeps the WAL files
    try:
        reader.execute("SELECT count(*) FROM events").fetchone()
        assert Path(f"{room.path}-wal").exists() and Path(f"{room.path}-shm").exists()
        store.delete(tmp_path, room.code)
    finally:
        reader.close()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RoomError, match="no room"):
        store.existing(tmp_path, room.code)


def test_two_connections_write_at_once_and_a_reader_reads_meanwhile(tmp_path):
    room = store.open_new(tmp_path)
    people = [room.join(f"p{number}") for number in range(2)]
    errors: list[BaseException] = []

    def write(participant: str) -> None:
        try:
            writer = store.Room(room.path)  # its own connections, as another session's thread has
            for number in range(150):
                writer.record(participant, "visit", f"pages/{number}.py")
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    seen = [len(room.snapshot().events) for _ in range(5)]  # reads while the writers write
    for thread in threads:
        thread.join()
    assert not errors
    assert seen == sorted(seen)
    events = room.snapshot().events
    assert (events["kind"] == "visit").sum() == 300
    assert events.groupby("participant").size().to_dict() == dict.fromkeys(people, 151)


def test_reports_under_a_new_name_from_many_writers_at_once_make_one_participant(tmp_path):
    room = store.open_new(tmp_path)
    start = threading.Barrier(8)
    ids: list[str] = []
    errors: list[BaseException] = []

    def report(number: int) -> None:
        try:
            writer = store.Room(room.path)  # its own connections, as another request's thread has
            start.wait()
            for _ in range(5):
                ids.append(writer.report("Dee" if number % 2 else " dee ", "exercise", [{"port": "model"}] * 2))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=report, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    events = room.snapshot().events
    assert set(ids) == set(events["participant"]) and len(set(ids)) == 1  # one row: the first report joined Dee
    assert list(events["kind"]).count("join") == 1 and list(events["kind"]).count("exercise") == 80


def test_a_report_is_stored_whole_or_not_at_all(tmp_path):
    room = store.open_new(tmp_path)
    with pytest.raises(ValueError, match="at most"):
        room.report("Dee", "exercise", [{"port": "model"}, {"message": "m" * 20_000}])
    assert room.snapshot().events.empty  # not even the join


def test_a_participants_standing_is_their_nickname_and_latest_flag_in_one_read(tmp_path):
    room = store.open_new(tmp_path)
    ada = room.join("Ada")
    flags = frozenset({"stuck", "handled"})
    assert room.standing(ada, flags) == ("Ada", None)
    room.record(ada, "stuck", "pages/eos.py")
    room.record(ada, "visit", "pages/lab.py")
    assert room.standing(ada, flags) == ("Ada", "stuck") and room.last_of(ada, flags) == "stuck"
    room.record(ada, "handled")
    assert room.standing(ada, flags) == ("Ada", "handled")
    assert room.standing(codes.new_participant(), flags) == (None, None) and room.nickname("not an id") is None


def test_events_are_checked_before_they_are_stored(tmp_path):
    room = store.open_new(tmp_path)
    ada = room.join("Ada")
    with pytest.raises(ValueError, match="kind"):
        room.record(ada, "upload", "pages/lab.py")
    with pytest.raises(ValueError, match="bytes"):
        room.record(ada, "lab", "pages/lab.py", {"kind": "x" * 3000})
    with pytest.raises(sqlite3.IntegrityError):
        room.record("nobody-here", "visit", "pages/lab.py")  # a participant must have joined
    assert room.nickname("not an id!") is None and room.nickname("AAAAAAAAAAAA") is None


def test_room_codes_are_short_unambiguous_and_the_only_thing_that_reaches_a_path(tmp_path):
    for _ in range(200):
        code = codes.new_code()
        assert len(code) == 5 and not set(code) & set("0O1IL5S2Z")
    assert codes.typed_code(" ab cd e ".replace("a", "h")) == "HBCDE"
    for bad in ("", "ABCD", "ABCDEF", "AB0DE", "../../x", "ABC/E"):
        with pytest.raises(RoomError):
            codes.typed_code(bad)
        with pytest.raises(RoomError):
            store.path_of(tmp_path, bad)


def test_nicknames_are_plain_one_line_text_of_limited_length():
    assert codes.nickname("  [x](http://evil)  ") == "[x](http://evil)"
    assert codes.nickname("<b>x</b>") == "<b>x</b>"
    for bad in ("", "   ", "a\nb", "tab\there", "x" * 25):
        with pytest.raises(RoomError):
            codes.nickname(bad)


def test_the_rooms_folder_is_private_and_never_inside_the_checkout(tmp_path, monkeypatch):
    monkeypatch.setenv(place.ROOMS, str(tmp_path / "rooms"))
    folder = place.folder()
    assert folder == tmp_path / "rooms" and _mode(folder) == 0o700
    monkeypatch.setenv(place.ROOMS, str(ROOT / "outputs" / "rooms"))
    with pytest.raises(RoomError, match="checkout"):
        place.folder()
    assert not (ROOT / "outputs" / "rooms").exists()
    monkeypatch.delenv(place.ROOMS)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert place.folder() == tmp_path / "data" / "cq4ds" / "rooms"


def test_the_instructor_key_comes_from_the_environment_or_a_private_key_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(place.ROOMS, str(tmp_path))
    monkeypatch.delenv(place.KEY, raising=False)
    assert place.announce() == 0
    made = (tmp_path / place.KEY_FILE).read_text().strip()
    assert len(made) >= 20 and _mode(tmp_path / place.KEY_FILE) == 0o600
    assert made in capsys.readouterr().out
    assert place.instructor_key(tmp_path) == (made, False)  # kept across restarts
    assert place.key_matches(made) and not place.key_matches(made[:-1]) and not place.key_matches("")
    monkeypatch.setenv(place.KEY, "from-the-environment")
    assert place.key_matches("from-the-environment") and not place.key_matches(made)
    (tmp_path / place.KEY_FILE).chmod(0o644)
    monkeypatch.delenv(place.KEY)
    with pytest.raises(RoomError, match="readable"):
        place.server_key()


def test_a_browser_joining_under_a_name_only_a_laptop_reported_takes_that_row(tmp_path):
    room = store.open_new(tmp_path)
    laptop = room.join("Ada")  # the route joins a name it does not know (course.room.results)
    room.record(laptop, "exercise", "", {"port": "model", "kind": "decision_tree", "passed": True, "checks": []})
    assert room.join_browser("ada") == laptop  # one row for Ada: her laptop's results and her pages
    room.record(laptop, "visit", "pages/lab.py")
    other = room.join_browser("Ada")  # a second browser under a name a browser already uses: a row of its own
    assert other != laptop and room.join_browser("Bob") not in (laptop, other)
