"""An aggregate: a travel group, everyone who travels on one ticket, changed only through the group.

The group is the aggregate's root: travellers join through it, so the rules that span its members hold at
every moment, not only when someone remembers to check them. The rules it protects: everyone on a ticket
travels in the ticket's class, nobody is in the group twice, every member's row repeats the one fare the
ticket cost, and the members' shares of that fare add up to exactly the fare.

`groups_from_rows` is the factory that builds groups from passenger-list rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lessons.domain.errors import BrokenRule
from lessons.domain.fare import Fare
from lessons.domain.traveller import Traveller

PCLASSES = (1, 2, 3)


@dataclass(slots=True)
class TravelGroup:
    """The travellers on one ticket, in one class, at one fare for the whole ticket."""

    ticket: str
    pclass: int
    fare: Fare  # what the whole ticket cost; every member's row on the passenger list repeats it
    _members: dict[int, Traveller] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.ticket, str) or not self.ticket.strip():
            raise BrokenRule(
                f"ticket {self.ticket!r} is not a ticket number", "write the ticket as printed, e.g. 'PC 17599'"
            )
        if self.pclass not in PCLASSES:
            raise BrokenRule(
                f"ticket {self.ticket}: class {self.pclass!r} is not 1, 2 or 3", "use ticket class 1, 2 or 3"
            )
        if not isinstance(self.fare, Fare):
            raise BrokenRule(
                f"ticket {self.ticket}: the fare {self.fare!r} is not a Fare", "give the fare as Fare(amount, currency)"
            )

    def join(self, traveller: Traveller, *, pclass: int, fare: Fare) -> None:
        """Add `traveller`, whose row says they hold this ticket in class `pclass` at `fare`.

        Raises:
            BrokenRule: the traveller is in the group already, or the row's class or fare is not the ticket's.
        """
        if traveller.pid in self._members:
            raise BrokenRule(
                f"traveller {traveller.pid} is already in the group on ticket {self.ticket}",
                "take a later record in with Traveller.learn; a traveller joins a group once",
            )
        if pclass != self.pclass:
            raise BrokenRule(
                f"traveller {traveller.pid} travels in class {pclass}, but ticket {self.ticket} is "
                f"a class {self.pclass} ticket",
                "everyone on one ticket travels in its class: check the row's class and its ticket number",
            )
        if fare != self.fare:
            raise BrokenRule(
                f"traveller {traveller.pid}'s row says ticket {self.ticket} cost {fare}, "
                f"the group's rows say {self.fare}",
                "a ticket has one fare: check the row's fare and its ticket number",
            )
        self._members[traveller.pid] = traveller

    @property
    def members(self) -> tuple[Traveller, ...]:
        """The travellers on the ticket, in the order they joined."""
        return tuple(self._members.values())

    def shares(self) -> dict[int, Fare]:
        """Each member's share of the ticket's fare, by pid; the shares add up to exactly the fare."""
        if not self._members:
            return {}
        return dict(zip(self._members, self.fare.split(len(self._members)), strict=True))


def groups_from_rows(rows: Iterable[Mapping[str, object]]) -> tuple[dict[str, TravelGroup], tuple[BrokenRule, ...]]:
    """The factory: one group per ticket from passenger-list rows, and the rows it refused, with why.

    Each row holds the passenger schema's fields (pid, name, sex, age, cabin, ticket, pclass, fare).
    The first row of a ticket founds its group; every later row must keep the group's rules.
    """
    groups: dict[str, TravelGroup] = {}
    refused: list[BrokenRule] = []
    for row in rows:
        try:
            ticket, pclass, fare = row["ticket"], row["pclass"], Fare(_known(row["fare"]))
            traveller = Traveller(row["pid"], row["name"], _known(row["sex"]), _known(row["age"]), _known(row["cabin"]))
            group = groups.get(ticket) or TravelGroup(ticket, pclass, fare)
            group.join(traveller, pclass=pclass, fare=fare)
            groups[ticket] = group
        except BrokenRule as broken:
            refused.append(broken)
    return groups, tuple(refused)


def _known(value: object) -> object:
    """None for a missing value (None or NaN, as a table holds it), else the value."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value
