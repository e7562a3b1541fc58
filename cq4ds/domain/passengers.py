"""A validated, immutable collection of passengers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from cq4ds.domain.errors import InvalidPassengerError
from cq4ds.domain.passenger import FIELD_NAMES, Passenger


@dataclass(frozen=True, slots=True)
class Passengers:
    """An ordered passenger list in which every pid is unique."""

    items: tuple[Passenger, ...] = ()

    def __post_init__(self) -> None:
        seen: dict[int, int] = {}
        for position, passenger in enumerate(self.items, start=1):
            if passenger.pid in seen:
                raise InvalidPassengerError(
                    f"pid {passenger.pid} appears at positions {seen[passenger.pid]} and {position}",
                    "give every passenger a unique pid, or choose the 'dedupe' cleaning step",
                )
            seen[passenger.pid] = position

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> Passengers:
        """Build passengers from mappings holding the schema's fields (extra keys are ignored)."""
        return cls(tuple(Passenger(**{name: record.get(name) for name in FIELD_NAMES}) for record in records))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[Passenger]:
        return iter(self.items)

    def __getitem__(self, index: int) -> Passenger:
        return self.items[index]

    @property
    def pids(self) -> tuple[int, ...]:
        """The passengers' ids in order."""
        return tuple(p.pid for p in self.items)

    def labelled(self) -> Passengers:
        """Only the passengers whose survival is known."""
        return Passengers(tuple(p for p in self.items if p.is_labelled))

    def records(self) -> list[dict[str, Any]]:
        """The passengers as plain dicts in schema order."""
        return [{f.name: getattr(p, f.name) for f in fields(Passenger)} for p in self.items]

    def content_hash(self) -> str:
        """A short hash of every field of every passenger, in order (equal lists, equal hash)."""
        digest = hashlib.sha256()
        for record in self.records():
            digest.update(repr(tuple(record[name] for name in FIELD_NAMES)).encode())
        return digest.hexdigest()[:16]
