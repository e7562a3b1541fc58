"""bench/room.py --room's verdicts: the room's targets met or missed, printed from its summary.

The targets (tests/e2e/classroom.py measures them): every event accounted for, the instructor's dashboard
refreshing within DASHBOARD_P95_S (p95), and the participants' swaps no slower in a room than outside: phase
against phase (pooled over the rounds, beside how far apart the same phase ran), or with `--windows` the
laptops and the dashboard on against off within one room phase (tests/e2e/windows.py).
"""

from __future__ import annotations

from tests.e2e.room import Report

DASHBOARD_P95_S = 1.0  # the instructor's dashboard refreshes within this (p95), with the room at work
ROOM_PHASE = "in a room"
PAIR = ("outside", ROOM_PHASE)  # --room's two phases, compared


def pool(reports: list[Report]) -> Report:
    """The swaps of several phases of the same participants as one report."""
    pooled = Report(reports[0].participants)
    for report in reports:
        pooled.swaps.extend(report.swaps)
    return pooled


def room_verdicts(summary: dict) -> list[str]:
    """Print the room's targets met or missed (the swaps pooled over the rounds); the events lost, as errors."""
    lost = []
    for phase, figures in summary.items():
        if isinstance(figures, dict) and "fixed_work_ms_p50" in figures:
            work, server = figures["fixed_work_ms_p50"], figures["cpu_seconds"]["server"]
            print(f"{phase}: the machine's fixed work {work} ms (p50), the server's CPU {server:.1f} s")
    for phase in [name for name in summary if name.startswith(ROOM_PHASE)]:
        print(f"{phase}:")
        lost += phase_verdicts(summary[phase])
    for phase in [name for name in summary if name.startswith(ROOM_PHASE)]:
        if "on_off" in summary[phase]:
            print_on_off(summary[phase]["on_off"])
            asked = summary[phase]["dashboard_refreshes_asked_in_off_windows"]
            across = summary[phase]["dashboard_refreshes_across_a_switch"]
            print(f"dashboard refreshes asked while off: {asked} (0 if the switch works), across a switch: {across}")
    if "comparison" not in summary:
        return lost
    for name, ratio in summary["comparison"]["p95_ratio"].items():
        print(f"p95 in a room / outside, {name}: {ratio}")
    for kind, spread in summary["alike"].items():
        figures = ", ".join(f"{p95:.2f}" for p95 in spread["p95_s"])
        print(f"p95 of every participant, each {kind} phase: {figures} s ({spread['highest_over_lowest']}x apart)")
    return lost


def print_on_off(figures: dict) -> None:
    """Print the swaps in the windows with the room's load on against those with it off."""
    if "problem" in figures:
        print(f"on/off windows: {figures['problem']}")
        return
    for kind in ("on", "off"):
        swaps, cores = figures["swap_s"][kind], figures["server_cores_busy"][kind]
        work, drawing = figures["fixed_work_ms_p50"][kind], figures["browsers_cores_busy"][kind]
        print(
            f"laptops and dashboard {kind}: {swaps['n']} swaps, p50 {swaps['p50']} s, p95 {swaps['p95']} s; "
            f"cores busy: server {cores}, browsers {drawing}; fixed work {work} ms"
        )
    for part, name in (("trained", "swaps that trained"), ("kept", "swaps to a result the session kept")):
        on, off = figures[f"{part}_s"]["on"], figures[f"{part}_s"]["off"]
        ratio = figures[f"{part}_p50_on_over_off"]
        print(f"{name}: on {on['n']}, p50 {on['p50']} s; off {off['n']}, p50 {off['p50']} s; p50 on / off {ratio}")
    within = figures["p95_on_over_off_95_percent_interval"]
    print(f"p95 on / off: {figures['p95_on_over_off']} (95% interval {within}), p50: {figures['p50_on_over_off']}")


def alike(reports: dict[str, Report]) -> dict[str, dict[str, object]]:
    """How far apart the same phase ran in its rounds: the noise any room / outside ratio sits in."""
    spreads = {}
    for kind in PAIR:
        p95 = [report.percentile(0.95, None) for name, report in reports.items() if name.startswith(kind)]
        apart = round(max(p95) / min(p95), 2)
        spreads[kind] = {"p95_s": [round(value, 3) for value in p95], "highest_over_lowest": apart}
    return spreads


def phase_verdicts(room: dict) -> list[str]:
    """Print one room phase's dashboard and events; the events lost, as errors."""
    figures = room["dashboard_refresh_s"]
    refresh = figures["all"]
    if not refresh["n"]:
        print("dashboard: not watched")
    else:
        verdict = "meets" if refresh["p95"] is not None and refresh["p95"] < DASHBOARD_P95_S else "misses"
        target = f"{verdict} the {DASHBOARD_P95_S} s target"
        print(f"dashboard refresh p95: {refresh['p95']} s over {refresh['n']} refreshes, {target}")
        for name, spread in figures.items():
            print(f"  {name}: p50 {spread['p50']} s, p95 {spread['p95']} s, max {spread['max']} s (n {spread['n']})")
    events = room["events"]
    print(f"events: wanted {events['wanted']}, stored {events['stored']}")
    return [f"events lost or extra: {events['lost_or_extra']}"] if events["lost_or_extra"] else []
