"""An entity: a traveller, known by an identity that lasts while what we know about them grows.

Two records with the same pid are the same traveller, however much else differs: one may know the
age, a later one the cabin. The rules it protects: the pid is a whole number of at least 0 and never
changes; what is known about a traveller is valid (a name, a sex of 'female' or 'male', an age of at
least 0); and a later record may fill in what was unknown but never silently contradicts a known fact.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from lessons.domain.errors import BrokenRule

SEXES = ("female", "male")


@dataclass(eq=False, slots=True)
class Traveller:
    """One person on the voyage, the same traveller for as long as the pid is the same."""

    pid: int
    name: str
    sex: str | None = None
    age: float | None = None
    cabin: str | None = None

    def __setattr__(self, name: str, value: object) -> None:
        """Every field is checked as it is set, when the traveller is made and whenever it changes."""
        if name == "pid":
            if hasattr(self, "pid"):  # set once, when the traveller is made
                raise BrokenRule(
                    f"traveller {self.pid}: the pid cannot change (to {value!r})",
                    "a different pid is a different traveller: make a new Traveller",
                )
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise BrokenRule(
                    f"traveller id {value!r} is not a whole number of at least 0",
                    "give every traveller the pid of the passenger list",
                )
        elif name in FIXES:
            problem = _problem(name, value)
            if problem:
                raise BrokenRule(f"traveller {self.pid}: {name} {problem}", FIXES[name])
        object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        """The same traveller when the pid is the same, whatever else the two records say."""
        if not isinstance(other, Traveller):
            return NotImplemented
        return other.pid == self.pid

    def __hash__(self) -> int:
        return hash(self.pid)

    def learn(self, record: Traveller) -> tuple[str, ...]:
        """Take in a later record of this traveller: fill in what was unknown; return the facts learned.

        Raises:
            BrokenRule: the record is another traveller's, or it contradicts a fact already known.
        """
        if record != self:
            raise BrokenRule(
                f"a record of traveller {record.pid} cannot update traveller {self.pid}",
                "match records on pid before merging them",
            )
        for fact in FACTS:
            known, said = getattr(self, fact), getattr(record, fact)
            if known is not None and said is not None and said != known:
                raise BrokenRule(
                    f"traveller {self.pid}: {fact} is known to be {known!r}, a later record says {said!r}",
                    "find out which is right and correct the source; never overwrite a fact silently",
                )
        learned = tuple(fact for fact in FACTS if getattr(self, fact) is None and getattr(record, fact) is not None)
        for fact in learned:
            setattr(self, fact, getattr(record, fact))
        return learned


FACTS = tuple(f.name for f in fields(Traveller) if f.name != "pid")
FIXES = {
    "name": "write the name as on the passenger list, e.g. 'Doe, Mr. John'",
    "sex": "write 'female' or 'male', or leave it unknown",
    "age": "write an age of 0 or more, or leave it unknown",
    "cabin": "write the cabin as printed, e.g. 'C85', or leave it unknown",
}


def _problem(fact: str, value: object) -> str | None:
    """Why `value` is not a valid `fact`, or None."""
    if value is None:
        return "is missing" if fact == "name" else None
    if fact == "age":
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            return f"is {value!r}, not an age of 0 or more"
        return None
    if not isinstance(value, str) or not value.strip():
        return f"is {value!r}, not text"
    if fact == "sex" and value not in SEXES:
        return f"is {value!r}, not one of {', '.join(map(repr, SEXES))}"
    return None
