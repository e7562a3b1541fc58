"""What change requests cost: the edits each request needs in the legacy script and in the package, measured.

Every request has real variant files under lessons/changes/<request>/: a changed copy of the legacy
script, and the files a developer adds or changes on the package side. Each variant is compared line
by line (difflib) with the file it replaces; a new file counts every line as added. A variant's
opening `#|` comment lines say what the variant is, and are not part of the change.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LEGACY = "lessons/legacy/titanic_notebook.py"
NOTEBOOK_CONFIG = "configs/notebook.toml"
HEADER = "#|"
SIDES = ("legacy", "package")
MEASURES = {"lines": "lines changed", "edited": "existing lines edited", "places": "places"}


@dataclass(frozen=True, slots=True)
class FileChange:
    """A variant file, and the file it replaces (None when the developer adds it)."""

    variant: str  # relative to the repository root
    original: str | None


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    """A change someone asks for, and the files that carry it out on each side."""

    key: str
    title: str
    ask: str
    legacy: tuple[FileChange, ...]
    package: tuple[FileChange, ...]

    def files(self, side: str) -> tuple[FileChange, ...]:
        """The file changes of `side` ("legacy" or "package")."""
        if side not in SIDES:
            raise ValueError(f"side is {side!r}, not one of {SIDES}")
        return self.legacy if side == "legacy" else self.package


def _legacy(key: str) -> tuple[FileChange, ...]:
    return (FileChange(f"lessons/changes/{key}/titanic_notebook.py", LEGACY),)


REQUESTS: tuple[ChangeRequest, ...] = (
    ChangeRequest(
        "csv_source",
        "Read CSV instead of SQLite",
        "The passengers now arrive as the titanic3 CSV export; the SQLite database is retired.",
        _legacy("csv_source"),
        (FileChange("lessons/changes/csv_source/notebook.toml", NOTEBOOK_CONFIG),),
    ),
    ChangeRequest(
        "add_feature",
        "Add a feature: deck from cabin",
        "Use the deck letter of each passenger's cabin as a model input.",
        _legacy("add_feature"),
        (FileChange("lessons/changes/add_feature/deck_feature.py", None),),
    ),
    ChangeRequest(
        "random_forest",
        "Swap to a random forest",
        "Try a random forest instead of logistic regression, on the same features.",
        _legacy("random_forest"),
        (FileChange("lessons/changes/random_forest/notebook.toml", NOTEBOOK_CONFIG),),
    ),
    ChangeRequest(
        "score_one",
        "Score one new passenger",
        "The product wants a survival estimate for one passenger who was not in the data.",
        _legacy("score_one"),
        (FileChange("lessons/changes/score_one/score_one.py", None),),
    ),
    ChangeRequest(
        "one_million",
        "Run on 1M rows",
        "Score a file of a million passengers with the trained model.",
        _legacy("one_million"),
        (FileChange("lessons/changes/one_million/score_big.toml", None),),
    ),
)
BY_KEY: dict[str, ChangeRequest] = {request.key: request for request in REQUESTS}


@dataclass(frozen=True, slots=True)
class FileDiff:
    """One file's edit: lines added, removed and changed, the places edited, and the unified diff."""

    change: FileChange
    added: int
    removed: int
    changed: int  # lines rewritten in place: counted once, not as one removed plus one added
    places: int  # separate regions of the file that were edited
    text: str  # the unified diff
    written: tuple[str, ...]  # the lines the edit wrote: added and rewritten ones

    @property
    def lines(self) -> int:
        """Every line the edit touches."""
        return self.added + self.removed + self.changed

    @property
    def edited(self) -> int:
        """Lines of code that existed before and were rewritten or deleted."""
        return self.removed + self.changed


@dataclass(frozen=True, slots=True)
class SideCost:
    """What one request costs one codebase: its file diffs and their totals."""

    diffs: tuple[FileDiff, ...]

    @property
    def files(self) -> int:
        """Files added or changed."""
        return len(self.diffs)

    @property
    def new_files(self) -> int:
        """Files added."""
        return sum(diff.change.original is None for diff in self.diffs)

    def total(self, measure: str) -> int:
        """The sum of `measure` ("lines", "edited" or "places") over the files."""
        if measure not in MEASURES:
            raise ValueError(f"measure is {measure!r}, not one of {tuple(MEASURES)}")
        return sum(getattr(diff, measure) for diff in self.diffs)

    def written_matching(self, pattern: str) -> int:
        """How many lines the edits wrote that match regex `pattern`."""
        return sum(bool(re.search(pattern, line)) for diff in self.diffs for line in diff.written)


def body(path: str) -> list[str]:
    """A file's lines without its opening `#|` lesson header."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith(HEADER)), len(lines))
    return lines[start:]


def file_diff(change: FileChange) -> FileDiff:
    """Compare a variant with the file it replaces, or with nothing when it is new."""
    before = body(change.original) if change.original else []
    after = body(change.variant)
    added = removed = changed = places = 0
    written: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if tag == "equal":
            continue
        places += 1
        written += after[j1:j2]
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        changed += paired
        removed += (i2 - i1) - paired
        added += (j2 - j1) - paired
    old_name = change.original or "/dev/null"
    text = "\n".join(difflib.unified_diff(before, after, old_name, change.variant, lineterm=""))
    return FileDiff(change, added, removed, changed, places, text, tuple(written))


@functools.cache
def cost(key: str, side: str) -> SideCost:
    """What request `key` costs `side`, measured on the files on disk (once per process)."""
    return SideCost(tuple(file_diff(change) for change in BY_KEY[key].files(side)))
