"""Domain objects beyond the flat `Passenger`: the lesson's value object, entity and aggregate (lessons/domain/).

Each example's rules are read from its module's docstring and its unit test from the test file, so the page
says what the code protects and how it is tested. The attempts run the real classes on what a learner typed;
the bundled passengers are grouped by ticket with the lesson's own factory.
"""

from __future__ import annotations

import ast
import functools
import inspect
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from course.explain.syntax import parse
from cq4ds import contexts
from cq4ds.columnar import conform
from lessons.domain import fare, travel_group, traveller
from lessons.domain.errors import BrokenRule
from lessons.domain.fare import Fare
from lessons.domain.travel_group import TravelGroup, groups_from_rows
from lessons.domain.traveller import Traveller

ROOT = Path(__file__).resolve().parents[2]
TESTS = "tests/unit/test_lessons_domain.py"
RULES_LEAD = "The rules it protects:"


@dataclass(frozen=True)
class Example:
    """One domain object of the lesson: its kind, its module and class, and the unit test that fires its rule."""

    kind: str  # "value object", "entity" or "aggregate"
    module: ModuleType
    cls: type
    test: str  # a test function in TESTS

    @property
    def path(self) -> str:
        """The lesson file, from the repository root."""
        return Path(inspect.getfile(self.module)).resolve().relative_to(ROOT).as_posix()

    @property
    def rules(self) -> str:
        """What the object protects, as its module's docstring says it."""
        return rules_of(self.module)


VALUE = Example("value object", fare, Fare, "test_fares_in_one_currency_add_up_and_two_currencies_never_mix")
ENTITY = Example("entity", traveller, Traveller, "test_a_later_record_never_silently_contradicts_a_known_fact")
AGGREGATE = Example("aggregate", travel_group, TravelGroup, "test_the_group_refuses_a_member_who_breaks_its_rules")
EXAMPLES = (VALUE, ENTITY, AGGREGATE)


def rules_of(module: ModuleType) -> str:
    """The rest of the docstring paragraph that starts the module's rules with RULES_LEAD, on one line."""
    paragraphs = (inspect.getdoc(module) or "").split("\n\n")
    (paragraph,) = [p for p in paragraphs if RULES_LEAD in p]
    return " ".join(paragraph.split(RULES_LEAD, 1)[1].split())


@functools.cache
def test_source(name: str) -> str:
    """The source of test function `name` (with its parametrize decorator) in the lesson's test file."""
    text = (ROOT / TESTS).read_text(encoding="utf-8")
    (node,) = [n for n in parse(text).body if isinstance(n, ast.FunctionDef) and n.name == name]
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return "\n".join(text.splitlines()[first - 1 : node.end_lineno]) + "\n"


@dataclass(frozen=True)
class Attempt:
    """What happened when the real class was asked to do something: the outcome, or the rule that refused it."""

    outcome: str
    broken: BrokenRule | None = None


def add_fares(first: tuple[str, str], second: tuple[str, str], ways: int) -> Attempt:
    """Two fares (amount text, currency) added, and the total shared `ways` ways."""
    try:
        one, two = Fare(first[0], first[1]), Fare(second[0], second[1])
        total = one + two
        shares = total.split(ways)
    except BrokenRule as broken:
        return Attempt("", broken)
    return Attempt(
        f"{one} + {two} = {total}. Shared {ways} ways: {', '.join(str(s.amount) for s in shares)} "
        f"{total.currency}, which add up to {sum(shares, Fare(0, total.currency))}."
    )


KNOWN = {"pid": 7, "name": "Doe, Mr. John", "sex": "male", "age": None, "cabin": None}


def learn(record: dict[str, object]) -> Attempt:
    """Traveller KNOWN takes in a later `record` (pid, name, sex, age, cabin)."""
    try:
        known = Traveller(**KNOWN)
        learned = known.learn(Traveller(**record))
    except BrokenRule as broken:
        return Attempt("", broken)
    facts = ", ".join(f"{fact} {getattr(known, fact)!r}" for fact in ("sex", "age", "cabin"))
    news = f"learned {', '.join(learned)}" if learned else "learned nothing new"
    return Attempt(f"The same traveller (pid {known.pid}) {news}. Now known: {facts}.")


FOUNDED = ("PC 17599", 1, "71.2833")  # ticket, class, the ticket's fare
FOUNDER = (1, "Doe, Mr. John")  # pid and name of the traveller who founded the group


def join(pid: int, pclass: int, fare_text: str) -> Attempt:
    """A group founded on FOUNDED by FOUNDER; traveller `pid` joins it with a row saying `pclass` and `fare_text`."""
    ticket, ticket_class, ticket_fare = FOUNDED
    try:
        group = TravelGroup(ticket, ticket_class, Fare(ticket_fare))
        group.join(Traveller(*FOUNDER), pclass=ticket_class, fare=Fare(ticket_fare))
        group.join(Traveller(pid, "Doe, Mrs. Jane"), pclass=pclass, fare=Fare(fare_text))
    except BrokenRule as broken:
        return Attempt("", broken)
    shares = group.shares()
    listed = ", ".join(f"pid {pid} {share.amount}" for pid, share in shares.items())
    return Attempt(
        f"Ticket {ticket} now holds {len(group.members)} travellers. Their shares of {group.fare}: {listed}, "
        f"which add up to {sum(shares.values(), Fare(0))}."
    )


@dataclass(frozen=True)
class TicketCheck:
    """The bundled passengers grouped by ticket with the lesson's factory."""

    rows: int
    groups: int
    shared: int  # groups with more than one traveller
    refused: tuple[str, ...]  # why each refused row was refused
    reasons: tuple[tuple[str, int], ...]  # the rule, and how many rows it refused


def sample_tickets() -> TicketCheck:
    """Build a TravelGroup per ticket from the bundled sample passengers (checked by `conform` first)."""
    frame = conform(contexts.sample_passengers(), "the bundled sample").frame
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    groups, refused = groups_from_rows(rows)
    reasons = Counter(_reason(broken) for broken in refused)
    return TicketCheck(
        len(rows),
        len(groups),
        sum(len(group.members) > 1 for group in groups.values()),
        tuple(str(broken) for broken in refused),
        tuple(reasons.most_common()),
    )


def _reason(broken: BrokenRule) -> str:
    """The rule a refusal names: its fix, which each rule words once."""
    return broken.fix
