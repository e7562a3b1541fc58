"""The dashboard's tables, computed from one snapshot of a room's events with pandas (no Streamlit, no SQL).

Each function takes the snapshot's events frame (one row an event, see `store.EVENTS`) and answers one
question an instructor asks of the room: where is everyone (`progress`), who is stuck and since when
(`stuck_queue`), what did the room answer to each check question (`answers`), how long does a page take
(`page_minutes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from course.explain.checks import QuestionSet
from course.room import exercises

STUCK_KINDS = frozenset({"stuck", "unstuck", "handled"})
# A cell's state, worst first: what the colour of a participant's cell on a course step says.
STUCK, WRONG, RIGHT, SEEN, AHEAD = "stuck", "wrong", "right", "seen", ""
NOW_ON = "now on"
EXERCISES = "exercises"


@dataclass(frozen=True)
class Step:
    """One column of the dashboard: a course page's script and the title shown."""

    script: str
    title: str


def participants(events: pd.DataFrame) -> pd.DataFrame:
    """One row per participant, in the order they joined: participant, nickname, joined."""
    return events[["participant", "nickname", "joined"]].drop_duplicates("participant").reset_index(drop=True)


def stuck_now(events: pd.DataFrame) -> pd.DataFrame:
    """The participants whose latest stuck, unstuck or handled event is "stuck": participant, page, since."""
    marks = events[events["kind"].isin(STUCK_KINDS)]
    latest = marks.drop_duplicates("participant", keep="last")
    stuck = latest[latest["kind"] == "stuck"]
    return stuck[["participant", "nickname", "page", "at"]].rename(columns={"at": "since"}).reset_index(drop=True)


def stuck_queue(events: pd.DataFrame, titles: dict[str, str], now: float) -> pd.DataFrame:
    """Who is stuck, longest first: participant, nickname, page (its title), minutes stuck."""
    stuck = stuck_now(events).sort_values("since")
    return pd.DataFrame(
        {
            "participant": stuck["participant"],
            "nickname": stuck["nickname"],
            "page": [titles.get(page, page) for page in stuck["page"]],
            "minutes": ((now - stuck["since"]) / 60).round(1),
        }
    ).reset_index(drop=True)


def _latest_answers(events: pd.DataFrame) -> pd.DataFrame:
    """Each participant's latest answer to each check question: participant, page, question, option, right."""
    answered = events[events["kind"] == "answer"]
    rows = pd.DataFrame(
        {
            "participant": answered["participant"],
            "page": answered["page"],
            "question": [detail.get("question") for detail in answered["detail"]],
            "option": [detail.get("option") for detail in answered["detail"]],
            "right": [bool(detail.get("right")) for detail in answered["detail"]],
        }
    )
    return rows


def progress(events: pd.DataFrame, steps: Sequence[Step], now: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Where everyone is: the table shown (one row a participant, one column a step) and each cell's state.

    A step's cell reads "seen" once the participant opened the page, "k/n ✓" when their latest answers to the
    page's check questions are all right, "k/n" when one is wrong, "stuck" when they are stuck there now. The
    first columns are the nickname, the page they are on now, minutes since their last event, their predictions
    (right of made) and the exercises their laptop reported ("kind ✓" when every check passed, else checks passed
    of those reported).
    """
    people = participants(events)
    visits = events[events["kind"] == "visit"]
    seen = set(zip(visits["participant"], visits["page"], strict=True))
    current = visits.drop_duplicates("participant", keep="last").set_index("participant")["page"].to_dict()
    last_at = events.groupby("participant")["at"].max().to_dict()
    answers = _latest_answers(events).drop_duplicates(["participant", "question"], keep="last")
    grouped = answers.groupby(["participant", "page"])["right"]
    tally = {
        key: (int(right), int(count))
        for key, right, count in zip(grouped.sum().index, grouped.sum(), grouped.count(), strict=True)
    }
    stuck = stuck_now(events).set_index("participant")["page"].to_dict()
    predicted = events[events["kind"] == "predict"]
    judged = [detail.get("right") for detail in predicted["detail"]]
    guesses = pd.DataFrame({"participant": predicted["participant"], "right": judged}).dropna()
    counted = guesses.groupby("participant")["right"].agg(["sum", "count"])
    guess_tally = {who: f"{int(right)}/{int(made)}" for who, right, made in counted.itertuples()}
    titles = {step.script: step.title for step in steps}
    graded = exercises.cells(exercises.latest(events))

    shown: dict[str, list[object]] = {"nickname": [], NOW_ON: [], "idle (min)": [], "predictions": [], EXERCISES: []}
    states: dict[str, list[str]] = {column: [] for column in shown}
    for step in steps:
        shown[step.title] = []
        states[step.title] = []
    for person, nickname in zip(people["participant"], people["nickname"], strict=True):
        for column in ("nickname", NOW_ON, "idle (min)", "predictions", EXERCISES):
            states[column].append(AHEAD)
        shown["nickname"].append(nickname)
        shown[NOW_ON].append(titles.get(current.get(person, ""), ""))
        shown["idle (min)"].append(round((now - last_at.get(person, now)) / 60, 1))
        shown["predictions"].append(guess_tally.get(person, ""))
        text, passed = graded.get(person, ("", None))
        shown[EXERCISES].append(text)
        states[EXERCISES][-1] = AHEAD if passed is None else RIGHT if passed else WRONG
        for step in steps:
            text, state = _cell(person, step.script, seen, tally, stuck)
            shown[step.title].append(text)
            states[step.title].append(state)
    return pd.DataFrame(shown), pd.DataFrame(states)


def _cell(
    person: str,
    script: str,
    seen: set[tuple[str, str]],
    tally: dict[tuple[str, str], tuple[int, int]],
    stuck: dict[str, str],
) -> tuple[str, str]:
    if stuck.get(person) == script:
        return "stuck", STUCK
    if (person, script) in tally:
        right, count = tally[(person, script)]
        return (f"{right}/{count} ✓", RIGHT) if right == count else (f"{right}/{count}", WRONG)
    if (person, script) in seen:
        return "seen", SEEN
    return "", AHEAD


def answers(events: pd.DataFrame, checks: QuestionSet) -> list[tuple[str, pd.DataFrame]]:
    """For each question of `checks`: its prompt, and per option how many chose it first and how many last.

    The first answer is given before any feedback: the room's misconceptions show there. Options are listed
    as written, the right one first and marked.
    """
    given = _latest_answers(events)
    found = []
    for key, question in zip(checks.widget_keys(), checks.questions, strict=True):
        mine = given[given["question"] == key]
        first = mine.drop_duplicates("participant", keep="first")["option"].value_counts()
        last = mine.drop_duplicates("participant", keep="last")["option"].value_counts()
        table = pd.DataFrame(
            {
                "option": [("✓ " if index == 0 else "") + option.text for index, option in enumerate(question.options)],
                "first answers": [int(first.get(index, 0)) for index in range(len(question.options))],
                "answers now": [int(last.get(index, 0)) for index in range(len(question.options))],
            }
        )
        found.append((question.prompt, table))
    return found


def page_minutes(events: pd.DataFrame, steps: Sequence[Step], now: float) -> pd.DataFrame:
    """Per course step: how many reached it, and the median minutes a participant spent there.

    A participant's time on a page runs from their visit to their next visit of another page; the visit they
    are still on counts up to `now`. Time on one page over several visits adds up.
    """
    visits = events[events["kind"] == "visit"][["participant", "page", "at"]].copy()
    visits["until"] = visits.groupby("participant")["at"].shift(-1).fillna(now)
    visits["minutes"] = (visits["until"] - visits["at"]) / 60
    per_person = visits.groupby(["page", "participant"])["minutes"].sum().reset_index()
    median = per_person.groupby("page")["minutes"].median()
    reached = per_person.groupby("page")["participant"].nunique()
    return pd.DataFrame(
        {
            "step": [step.title for step in steps],
            "reached": [int(reached.get(step.script, 0)) for step in steps],
            "median minutes": [
                round(float(median[step.script]), 1) if step.script in median.index else None for step in steps
            ],
        }
    )
