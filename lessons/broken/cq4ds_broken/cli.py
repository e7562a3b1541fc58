# LESSON MATERIAL (see cq4ds_broken/__init__.py).
"""The command line: wires the adapter into the use case and shows the result."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cq4ds_broken.adapters.csv_source import CsvSource
from cq4ds_broken.ui.console import show_rates
from cq4ds_broken.usecases import survival_by_class


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m cq4ds_broken FILE.csv`: print survival rates by class."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m cq4ds_broken FILE.csv (titanic3 layout)", file=sys.stderr)
        return 2
    show_rates(survival_by_class(CsvSource(args[0])))
    return 0
