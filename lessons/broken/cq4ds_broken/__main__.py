# LESSON MATERIAL (see cq4ds_broken/__init__.py): `python -m cq4ds_broken FILE.csv`.
"""Run the command line."""

from cq4ds_broken.cli import main

raise SystemExit(main())
