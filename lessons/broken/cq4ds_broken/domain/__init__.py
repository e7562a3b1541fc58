# LESSON MATERIAL (see cq4ds_broken/__init__.py).
"""The domain: passengers and their rules. Meant to be plain Python; it is not (see passenger.py)."""

from cq4ds_broken.domain.passenger import Passenger, to_frame

__all__ = ["Passenger", "to_frame"]
