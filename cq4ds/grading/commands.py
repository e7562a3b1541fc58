"""The workshop's commands: grade an exercise file (and report to a room), copy a starter, check a laptop's setup.

`python -m cq4ds` (cq4ds.cli) adds them to its own: `check`, `new-exercise` and `check-setup`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from cq4ds.grading import exercises as workshop
from cq4ds.grading import report as room_report
from cq4ds.grading import setup as setup_check
from cq4ds.grading.battery import Graded, grade_file


def _graded_json(graded: Graded) -> dict[str, Any]:
    """One graded component as JSON: its port, kind, class, verdict and every check."""
    checks = [asdict(check) for check in graded.checks]
    name = graded.cls.__name__
    return {"port": graded.port, "kind": graded.kind, "class": name, "passed": graded.passed, "checks": checks}


def cmd_check(args: argparse.Namespace) -> int:
    """Grade every component an exercise file declares (and report the results to a room); 0 when all pass, else 1."""
    room = room_report.target(args.room, args.code, args.name)  # an incomplete --room is refused before grading
    graded = grade_file(args.file)
    passed = all(g.passed for g in graded)
    if args.json:
        components = [_graded_json(g) for g in graded]
        print(json.dumps({"file": args.file, "passed": passed, "components": components}, indent=2))
    else:
        for g in graded:
            print(
                f"[{g.port}] {g.kind} ({g.cls.__name__}): {sum(c.passed for c in g.checks)} of {len(g.checks)} passed"
            )
            for check in g.checks:
                print(f"  {'PASS' if check.passed else 'FAIL'}  {check.name}: {check.reason}")
    for line in room_report.send(room, graded) if room else ():
        print(line, file=sys.stderr if args.json else sys.stdout)  # --json keeps stdout one JSON document
    return 0 if passed else 1


def cmd_new_exercise(args: argparse.Namespace) -> None:
    """Copy an exercise's starter into the exercises folder, and say what to do next."""
    written = workshop.new_exercise(args.number)
    chosen = workshop.exercise(args.number)
    print(f"wrote {written} from its starter: exercise {chosen.number}, {chosen.title}")
    print(f"next: replace every TODO, then grade it with: {workshop.check_command(written)}")


def cmd_check_setup(args: argparse.Namespace) -> int:
    """Check the environment, the exercises folder, the grader and the app: one line each; 1 when one fails."""
    checks = setup_check.run_checks(args.url)
    print(setup_check.report(checks))
    return 0 if all(check.passed for check in checks) else 1


def add_to(sub: argparse._SubParsersAction) -> None:
    """Add the workshop's commands to the `python -m cq4ds` parser's subcommands."""
    check = sub.add_parser("check", help="grade the components an exercise file declares (see exercises/README.md)")
    check.add_argument("file", help="a Python file with a module-level COMPONENTS table")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.add_argument("--room", metavar="URL", help="also report the results to a workshop room: http://HOST:PORT")
    check.add_argument("--code", metavar="ROOM", help="the room's code (with --room)")
    check.add_argument("--name", metavar="NICK", help="your nickname in the room (with --room)")
    check.set_defaults(handler=cmd_check)

    new = sub.add_parser("new-exercise", help="copy an exercise's starter into the exercises folder")
    new.add_argument("number", help="the exercise, 1 to 5 (see exercises/README.md)")
    new.set_defaults(handler=cmd_new_exercise)

    setup = sub.add_parser("check-setup", help="check the environment, exercises folder, grader and app")
    setup.add_argument("--url", default=setup_check.APP_URL, help=f"the app's address (default {setup_check.APP_URL})")
    setup.set_defaults(handler=cmd_check_setup)
