"""The dashboard's exercise tables, from the `exercise` events laptops reported (see course.room.results).

Each participant counts with their latest report of each component (a port and a kind): a participant who failed
a check and then passed it counts as passing. `summary` answers "how many have passed each exercise", `checks`
"how many have passed each of its checks", `cells` what each participant's row says of their exercises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from course.room.results import KIND


def latest(events: pd.DataFrame) -> pd.DataFrame:
    """Each participant's latest report of each component: participant, port, kind, passed, checks {name: passed}."""
    reported = events[events["kind"] == KIND]
    rows = pd.DataFrame(
        {
            "participant": reported["participant"],
            "port": [detail.get("port", "") for detail in reported["detail"]],
            "kind": [detail.get("kind", "") for detail in reported["detail"]],
            "passed": [bool(detail.get("passed")) for detail in reported["detail"]],
            "checks": [{c.get("name"): bool(c.get("passed")) for c in d.get("checks", [])} for d in reported["detail"]],
        }
    )
    return rows.drop_duplicates(["participant", "port", "kind"], keep="last").reset_index(drop=True)


def _label(port: str, kind: str, titles: Mapping[tuple[str, str], str]) -> str:
    title = titles.get((port, kind))
    return f"{title} ({port} {kind})" if title else f"{port} {kind}"


def components(reports: pd.DataFrame, titles: Mapping[tuple[str, str], str]) -> list[tuple[str, str]]:
    """The components to show: the workshop's exercises in order (`titles`), then any other reported, by name."""
    others = sorted({(p, k) for p, k in zip(reports["port"], reports["kind"], strict=True)} - set(titles))
    return [*titles, *others]


def summary(events: pd.DataFrame, titles: Mapping[tuple[str, str], str]) -> pd.DataFrame:
    """One row per exercise: how many participants reported it, how many passed every check, how many not yet."""
    reports = latest(events)
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


def checks(events: pd.DataFrame, port: str, kind: str, battery: Sequence[str]) -> pd.DataFrame:
    """For one component, each check of its port's battery: how many participants passed it, how many failed it."""
    reports = latest(events)
    mine = reports[(reports["port"] == port) & (reports["kind"] == kind)]["checks"]
    return pd.DataFrame(
        {
            "check": list(battery),
            "passed": [sum(given.get(name) is True for given in mine) for name in battery],
            "failed": [sum(given.get(name) is False for given in mine) for name in battery],
        }
    )


def cells(events: pd.DataFrame) -> dict[str, tuple[str, bool]]:
    """Per participant who reported: their row's text (e.g. "jsonl ✓ · cap_fares 4/9"), whether all passed."""
    found: dict[str, tuple[str, bool]] = {}
    for person, mine in latest(events).groupby("participant", sort=False):
        parts = [
            f"{row.kind} ✓" if row.passed else f"{row.kind} {sum(row.checks.values())}/{len(row.checks)}"
            for row in mine.itertuples()
        ]
        found[person] = (" · ".join(parts), bool(mine["passed"].all()))
    return found
