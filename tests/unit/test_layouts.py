"""Layout detection: every supported header maps to the schema, anything else gets a helpful error."""

from __future__ import annotations

import pandas as pd
import pytest

from cq4ds.adapters.layouts import KAGGLE_COLUMNS, LAYOUTS, TITANIC3_COLUMNS, detect_layout, existing_file
from cq4ds.domain import FIELD_NAMES, DataError

TITANIC3_HEADER = [*TITANIC3_COLUMNS, "boat", "body", "home.dest"]
KAGGLE_TEST_HEADER = [c for c in KAGGLE_COLUMNS if c != "Survived"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (list(FIELD_NAMES), "schema"),
        (list(KAGGLE_COLUMNS), "kaggle"),
        (KAGGLE_TEST_HEADER, "kaggle"),
        (TITANIC3_HEADER, "titanic3"),
        ([*FIELD_NAMES, "boat", "home.dest"], "schema"),  # extra columns are fine
    ],
)
def test_each_supported_header_is_recognised(header: list[str], expected: str) -> None:
    assert detect_layout(header, "file x.csv").name == expected


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.name)
def test_every_layout_maps_onto_schema_columns_only(layout) -> None:
    assert set(layout.columns.values()) <= set(FIELD_NAMES)
    assert {*layout.columns.values(), *(["pid"] if layout.numbered else [])} >= set(FIELD_NAMES) - {"is_survived"}


def test_kaggle_columns_are_renamed_to_the_schema() -> None:
    row = [7, 1, 3, "Smith, Mr. John", "male", 30, 0, 0, "A/5 1", 7.25, None, "S"]
    raw = pd.DataFrame([row], columns=list(KAGGLE_COLUMNS))
    frame = detect_layout(raw.columns, "file train.csv").to_schema(raw)
    assert list(frame.columns) == ["pid", "is_survived", *FIELD_NAMES[1:-1]]
    assert frame.loc[0, "pid"] == 7
    assert frame.loc[0, "is_survived"] == 1


def test_titanic3_passengers_are_numbered_by_row_from_first_row() -> None:
    raw = pd.DataFrame({c: ["x", "y"] for c in TITANIC3_HEADER})
    frame = detect_layout(raw.columns, "file t.csv").to_schema(raw, first_row=11)
    assert frame["pid"].tolist() == [11, 12]
    assert "boat" not in frame.columns
    assert "is_survived" in frame.columns


def test_a_header_resembling_a_layout_names_the_missing_column() -> None:
    with pytest.raises(DataError) as error:
        detect_layout([c for c in TITANIC3_HEADER if c != "sex"], "CSV file data/t.csv")
    message = str(error.value)
    assert "data/t.csv" in message
    assert "titanic3" in message
    assert "'sex'" in message
    assert "Fix:" in message


def test_an_unknown_header_lists_the_columns_found_and_the_supported_layouts() -> None:
    with pytest.raises(DataError) as error:
        detect_layout(["id", "label", "text"], "CSV file data/other.csv")
    message = str(error.value)
    assert "data/other.csv" in message
    assert "found: id, label, text" in message
    assert all(layout.name in message for layout in LAYOUTS)
    assert "Fix:" in message


def test_existing_file_explains_missing_folder_and_empty_paths(tmp_path) -> None:
    with pytest.raises(DataError, match=r"does not exist.*Fix:"):
        existing_file(str(tmp_path / "nope.csv"), "CSV file nope.csv")
    with pytest.raises(DataError, match=r"is a folder.*Fix:"):
        existing_file(str(tmp_path), "CSV file here")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(DataError, match=r"empty.csv is empty.*Fix:"):
        existing_file(str(tmp_path / "empty.csv"), "CSV file empty.csv")
