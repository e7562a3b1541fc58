"""`python -m cq4ds`: see cq4ds.cli."""

import sys

from cq4ds.cli import main

sys.exit(main())
