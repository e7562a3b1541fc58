"""Atomic writes publish the whole new file or leave the old one exactly as it was."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cq4ds.adapters.atomic import atomic_path, write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_success_replaces_the_target_and_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "out.txt"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert _leftovers(target.parent) == []


def test_the_temporary_file_sits_beside_the_target_until_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_path(target) as temp:
        temp.write_text("partial")
        assert temp.parent == tmp_path
        assert not target.exists()  # nothing is visible before the block succeeds
    assert target.read_text() == "partial"


@pytest.mark.parametrize("failure", [RuntimeError("disk on fire"), KeyboardInterrupt()])
def test_a_failure_leaves_the_previous_file_byte_identical(tmp_path: Path, failure: BaseException) -> None:
    target = tmp_path / "out.txt"
    write_atomic(target, b"previous output")
    with pytest.raises(type(failure)), atomic_path(target) as temp:
        temp.write_bytes(b"half of the new outp")
        raise failure
    assert target.read_bytes() == b"previous output"
    assert _leftovers(tmp_path) == []


def test_a_failed_first_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(ValueError), atomic_path(target) as temp:
        temp.write_bytes(b"partial")
        raise ValueError("stop")
    assert list(tmp_path.iterdir()) == []


def test_the_published_file_gets_the_requested_permissions(tmp_path: Path) -> None:
    target = tmp_path / "secret"
    write_atomic(target, b"key", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
