"""The one error the lesson's domain objects raise, in the package's style: what broke, and how to fix it."""

from __future__ import annotations

from cq4ds.domain import DataError


class BrokenRule(DataError):
    """A domain object refused a value, or a change, that breaks one of its rules."""
