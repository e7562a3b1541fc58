# LESSON MATERIAL (see cq4ds_broken/__init__.py).
"""What the user sees on the console."""

from __future__ import annotations

import sys


def show_progress(rows: int) -> None:
    """Tell the user how far reading has got."""
    print(f"... {rows} passengers read", file=sys.stderr)


def show_rates(rates: dict[int, float]) -> None:
    """Print the survival rate of each ticket class."""
    for pclass, rate in sorted(rates.items()):
        print(f"class {pclass}: {rate:.1%} survived")
