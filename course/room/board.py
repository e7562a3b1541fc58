"""The dashboard's tables, computed from one snapshot of a room's events (no Streamlit, no SQL).

Each function takes the snapshot's events frame (one row an event, oldest first, see `snapshot.EVENTS`) and answers
one question an instructor asks of the room: where is everyone (`progress`, and the same as coloured cells in
`grid`), who is stuck and since when (`stuck_queue`), what did the room answer to each check question
(`answers`), how long does a page take (`page_minutes`).

The events are walked once in plain Python and only the answers become frames. The dashboard refreshes while the
room's trainings run in the same server process: pandas hands the interpreter's lock back on most operations and
then waits for it again behind those trainings, while a plain loop over a few thousand events keeps it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from course.explain.checks import QuestionSet
from course.room import exercises

STUCK_KINDS = frozenset({"stuck", "unstuck", "handled"})
# A cell's state, worst first: what the colour of a participant's cell on a course step says.
STUCK, WRONG, RIGHT, SEEN, AHEAD = "stuck", "wrong", "right", "seen", ""
NOW_ON = "now on"
EXERCISES = "exercises"
PEOPLE_COLUMNS = ("nickname", NOW_ON, "idle (min)", "predictions", EXERCISES)


@dataclass(frozen=True)
class Step:
    """One column of the dashboard: a course page's script and the title shown."""

    script: str
    title: str


def _records(events: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """The events as plain tuples, oldest first: participant, nickname, joined, kind, page, detail, at."""
    columns = ("participant", "nickname", "joined", "kind", "page", "detail", "at")
    return zip(*(events[column].tolist() for column in columns), strict=True)


def participants(events: pd.DataFrame) -> pd.DataFrame:
    """One row per participant, in the order they joined: participant, nickname, joined."""
    people: dict[str, tuple[str, float]] = {}
    for person, nickname, joined, *_ in _records(events):
        people.setdefault(person, (nickname, joined))
    return pd.DataFrame(
        [(person, nickname, joined) for person, (nickname, joined) in people.items()],
        columns=["participant", "nickname", "joined"],
    )


def _stuck(events: pd.DataFrame) -> list[tuple[str, str, str, float]]:
    """(participant, nickname, page, since) of everyone whose latest stuck, unstuck or handled event is "stuck"."""
    latest: dict[str, tuple[str, str, str, float]] = {}
    for person, nickname, _, kind, page, _, at in _records(events):
        if kind in STUCK_KINDS:
            latest[person] = (kind, nickname, page, at)
    return [(person, nickname, page, at) for person, (kind, nickname, page, at) in latest.items() if kind == STUCK]


def stuck_queue(events: pd.DataFrame, titles: dict[str, str], now: float) -> pd.DataFrame:
    """Who is stuck, longest first: participant, nickname, page (its title), minutes stuck."""
    return pd.DataFrame(
        [
            (person, nickname, titles.get(page, page), round((now - since) / 60, 1))
            for person, nickname, page, since in sorted(_stuck(events), key=lambda row: row[3])
        ],
        columns=["participant", "nickname", "page", "minutes"],
    )


def progress(events: pd.DataFrame, steps: Sequence[Step], now: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Where everyone is: the table shown (one row a participant, one column a step) and each cell's state.

    A step's cell reads "seen" once the participant opened the page, "k/n ✓" when their latest answers to the
    page's check questions are all right, "k/n" when one is wrong, "stuck" when they are stuck there now. The
    first columns are the nickname, the page they are on now, minutes since their last event, their predictions
    (right of made) and the exercises their laptop reported ("kind ✓" when every check passed, else checks passed
    of those reported).
    """
    names: dict[str, str] = {}  # in join order
    current: dict[str, str] = {}
    last_at: dict[str, float] = {}
    seen: set[tuple[str, str]] = set()
    latest_answer: dict[tuple[str, Any], tuple[str, bool]] = {}  # (participant, question): (page, right)
    marks: dict[str, tuple[str, str]] = {}  # participant: (stuck kind, page) of their latest mark
    guesses: dict[str, list[int]] = {}  # participant: [right, made]
    for person, nickname, _, kind, page, detail, at in _records(events):
        names.setdefault(person, nickname)
        last_at[person] = max(at, last_at.get(person, at))
        if kind == "visit":
            seen.add((person, page))
            current[person] = page
        elif kind == "answer":
            latest_answer[person, detail.get("question")] = (page, bool(detail.get("right")))
        elif kind in STUCK_KINDS:
            marks[person] = (kind, page)
        elif kind == "predict" and detail.get("right") is not None:
            tally = guesses.setdefault(person, [0, 0])
            tally[0] += bool(detail["right"])
            tally[1] += 1
    answered: dict[tuple[str, str], list[int]] = {}  # (participant, page): [right, answered]
    for (person, _), (page, right) in latest_answer.items():
        counts = answered.setdefault((person, page), [0, 0])
        counts[0] += right
        counts[1] += 1
    stuck = {person: page for person, (kind, page) in marks.items() if kind == STUCK}
    titles = {step.script: step.title for step in steps}
    graded = exercises.cells(exercises.latest(events))

    shown: list[list[object]] = []
    states: list[list[str]] = []
    for person, nickname in names.items():
        text, passed = graded.get(person, ("", None))
        made = guesses.get(person)
        shown.append(
            [
                nickname,
                titles.get(current.get(person, ""), ""),
                round((now - last_at[person]) / 60, 1),
                f"{made[0]}/{made[1]}" if made else "",
                text,
            ]
        )
        states.append([AHEAD] * 4 + [AHEAD if passed is None else RIGHT if passed else WRONG])
        for step in steps:
            cell, state = _cell(person, step.script, seen, answered, stuck)
            shown[-1].append(cell)
            states[-1].append(state)
    columns = [*PEOPLE_COLUMNS, *(step.title for step in steps)]
    return pd.DataFrame(shown, columns=columns), pd.DataFrame(states, columns=columns)


def _cell(
    person: str,
    script: str,
    seen: set[tuple[str, str]],
    answered: dict[tuple[str, str], list[int]],
    stuck: dict[str, str],
) -> tuple[str, str]:
    if stuck.get(person) == script:
        return "stuck", STUCK
    if (person, script) in answered:
        right, count = answered[(person, script)]
        return (f"{right}/{count} ✓", RIGHT) if right == count else (f"{right}/{count}", WRONG)
    if (person, script) in seen:
        return "seen", SEEN
    return "", AHEAD


def grid(shown: pd.DataFrame, states: pd.DataFrame) -> pd.DataFrame:
    """`progress` as coloured cells: one row per participant and column (each step, then the exercises) with
    the row's label (the nickname, numbered when two share it), the column, the cell's text and its state."""
    nicknames = shown["nickname"].tolist()
    shared, counted = Counter(nicknames), Counter()
    labels = []
    for name in nicknames:
        counted[name] += 1
        labels.append(f"{name} ({counted[name]})" if shared[name] > 1 else name)
    columns = [*shown.columns[len(PEOPLE_COLUMNS) :], EXERCISES]
    texts, kinds = shown[columns].to_numpy(dtype=object).tolist(), states[columns].to_numpy(dtype=object).tolist()
    return pd.DataFrame(
        [
            (label, column, text, state)
            for label, row, row_states in zip(labels, texts, kinds, strict=True)
            for column, text, state in zip(columns, row, row_states, strict=True)
        ],
        columns=["participant", "step", "shows", "state"],
        dtype=object,
    )


def answers(events: pd.DataFrame, checks: QuestionSet) -> list[tuple[str, pd.DataFrame]]:
    """For each question of `checks`: its prompt, and per option how many chose it first and how many last.

    The first answer is given before any feedback: the room's misconceptions show there. Options are listed
    as written, the right one first and marked.
    """
    wanted = set(checks.widget_keys())
    first: dict[tuple[Any, str], Any] = {}  # (question, participant): option
    last: dict[tuple[Any, str], Any] = {}
    for person, _, _, kind, _, detail, _ in _records(events):
        if kind == "answer" and detail.get("question") in wanted:
            first.setdefault((detail["question"], person), detail.get("option"))
            last[detail["question"], person] = detail.get("option")
    found = []
    for key, question in zip(checks.widget_keys(), checks.questions, strict=True):
        chosen_first = [option for (asked, _), option in first.items() if asked == key]
        chosen_last = [option for (asked, _), option in last.items() if asked == key]
        table = pd.DataFrame(
            {
                "option": [("✓ " if index == 0 else "") + option.text for index, option in enumerate(question.options)],
                "first answers": [chosen_first.count(index) for index in range(len(question.options))],
                "answers now": [chosen_last.count(index) for index in range(len(question.options))],
            }
        )
        found.append((question.prompt, table))
    return found


def page_minutes(events: pd.DataFrame, steps: Sequence[Step], now: float) -> pd.DataFrame:
    """Per course step: how many reached it, and the median minutes a participant spent there.

    A participant's time on a page runs from their visit to their next visit of another page; the visit they
    are still on counts up to `now`. Time on one page over several visits adds up.
    """
    spent: dict[str, dict[str, float]] = {}  # page: {participant: minutes}
    opened: dict[str, tuple[str, float]] = {}  # participant: (page, since) of the visit they are on
    for person, _, _, kind, page, _, at in _records(events):
        if kind != "visit":
            continue
        if person in opened:
            before, since = opened[person]
            mine = spent.setdefault(before, {})
            mine[person] = mine.get(person, 0.0) + (at - since) / 60
        opened[person] = (page, at)
    for person, (page, since) in opened.items():
        mine = spent.setdefault(page, {})
        mine[person] = mine.get(person, 0.0) + (now - since) / 60
    return pd.DataFrame(
        {
            "step": [step.title for step in steps],
            "reached": [len(spent.get(step.script, {})) for step in steps],
            "median minutes": [
                round(statistics.median(spent[step.script].values()), 1) if step.script in spent else None
                for step in steps
            ],
        }
    )
