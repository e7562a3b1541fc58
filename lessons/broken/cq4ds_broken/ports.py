# LESSON MATERIAL (see cq4ds_broken/__init__.py). This module keeps its contract.
"""Ports: the roles the use cases talk to. They depend on the domain only."""

from __future__ import annotations

from typing import Protocol

from cq4ds_broken.domain import Passenger


class PassengerSource(Protocol):
    """Reads passengers from somewhere."""

    def read(self) -> list[Passenger]:
        """Every passenger, validated."""
        ...
