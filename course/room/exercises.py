"""The dashboard's exercise tables, from the `exercise` events laptops reported (see course.room.results).

Each participant counts with their latest report of each component (a port and a kind): a participant who failed
a check and then passed it counts as passing. `latest` keeps those reports; from them `summary` answers "how many
have passed each exercise", `checks` "how many have passed each of its checks", `cells` what each participant's
row says of their exercises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from course.room.results import KIND


def latest(events: pd.DataFrame) -> pd.DataFrame:
    """Each participant's latest report of each component: participant, port, kind, passed, checks {name: passed}."""
    reported = events[events["kind"] == KIND]
    last: dict[tuple[str, str, str], dict] = {}  # the latest report wins; a dict keeps the first report's place
    for person, detail in zip(reported["participant"], reported["detail"], strict=True):
        last[person, detail.get("port", ""), detail.get("kind", "")] = detail
    return pd.DataFrame(
        [
            (
                person,
                port,
                kind,
                bool(detail.get("passed")),
                {c.get("name"): bool(c.get("passed")) for c in detail.get("checks", [])},
            )
            for (person, port, kind), detail in last.items()
        ],
        columns=["participant", "port", "kind", "passed", "checks"],
    )


def _label(port: str, kind: str, titles: Mapping[tuple[str, str], str]) -> str:
    title = titles.get((port, kind))
    return f"{title} ({port} {kind})" if title else f"{port} {kind}"


def components(reports: pd.DataFrame, titles: Mapping[tuple[str, str], str]) -> list[tuple[str, str]]:
    """The components to show: the workshop's exercises in order (`titles`), then any other reported, by name."""
    others = sorted({(p, k) for p, k in zip(reports["port"], reports["kind"], strict=True)} - set(titles))
    return [*titles, *others]


def summary(reports: pd.DataFrame, titles: Mapping[tuple[str, str], str]) -> pd.DataFrame:
    """One row per exercise (of the `latest` reports): how many participants reported it, how many passed every
    check, how many not yet."""
    rows = []
    for port, kind in components(reports, titles):
        mine = reports[(reports["port"] == port) & (reports["kind"] == kind)]
        passed = int(mine["passed"].sum())
        rows.append(
            {
                "exercise": _label(port, kind, titles),
                "reported": len(mine),
                "passed": passed,
                "not yet": len(mine) - passed,
            }
        )
    return pd.DataFrame(rows, columns=["exercise", "reported", "passed", "not yet"])


def checks(reports: pd.DataFrame, port: str, kind: str, battery: Sequence[str]) -> pd.DataFrame:
    """For one component (of the `latest` reports), each check of its port's battery: how many participants
    passed it, how many failed it."""
    mine = reports[(reports["port"] == port) & (reports["kind"] == kind)]["checks"]
    return pd.DataFrame(
        {
            "check": list(battery),
            "passed": [sum(given.get(name) is True for given in mine) for name in battery],
            "failed": [sum(given.get(name) is False for given in mine) for name in battery],
        }
    )


def cells(reports: pd.DataFrame) -> dict[str, tuple[str, bool]]:
    """Per participant who reported (in the `latest` reports): their row's text (e.g. "jsonl ✓ · cap_fares 4/9"),
    whether all passed."""
    texts: dict[str, list[str]] = {}
    passed_all: dict[str, bool] = {}
    for person, kind, passed, given in zip(
        reports["participant"], reports["kind"], reports["passed"], reports["checks"], strict=True
    ):
        texts.setdefault(person, []).append(f"{kind} ✓" if passed else f"{kind} {sum(given.values())}/{len(given)}")
        passed_all[person] = passed_all.get(person, True) and bool(passed)
    return {person: (" · ".join(parts), passed_all[person]) for person, parts in texts.items()}
