"""Every passenger source against real files: same passengers from every layout, helpful errors for bad input."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cq4ds.adapters import duckdb_source, sample_files, sqlite_source
from cq4ds.adapters.csv_source import CsvSource
from cq4ds.adapters.duckdb_source import DuckdbSource
from cq4ds.adapters.memory import InMemorySource
from cq4ds.adapters.parquet_source import ParquetSource
from cq4ds.adapters.sqlite_source import SqliteSource
from cq4ds.adapters.synthetic import SyntheticSource, generate
from cq4ds.columnar import conform, duplicated_pids, to_passengers
from cq4ds.domain import Cq4dsError, DataError, InvalidPassengerError
from cq4ds.params import params_of, summary
from cq4ds.ports import PassengerSource
from cq4ds.usecases import load_passengers
from tests.fixtures.hostile_files import sqlite_view

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"
# kind -> (writer, file name, source class): each file source with the writer that makes its layout.
FILES: dict[str, tuple[Callable[..., None], str, type]] = {
    "sqlite": (sample_files.write_exercise_sqlite, "titanic.db", SqliteSource),
    "titanic3": (sample_files.write_titanic3_csv, "titanic3.csv", CsvSource),
    "kaggle": (sample_files.write_kaggle_csv, "train.csv", CsvSource),
    "parquet": (sample_files.write_parquet, "passengers.parquet", ParquetSource),
    "duckdb": (sample_files.write_duckdb, "warehouse.duckdb", DuckdbSource),
}
FILE_SOURCES = (SqliteSource, CsvSource, ParquetSource, DuckdbSource)


def read(source: Any, rows: int = 10_000) -> pd.DataFrame:
    """What the use case does: conform each batch, then enforce unique pids."""
    frames, first = [], 1
    for batch in source.read_batches(rows):
        frames.append(conform(batch, source.describe(), first_row=first).frame)
        first += len(batch)
    return duplicated_pids(pd.concat(frames, ignore_index=True), source.describe()).frame


def passengers(rows: int = 40) -> pd.DataFrame:
    return conform(generate(rows, seed=11), "generated").frame


def written(kind: str, frame: pd.DataFrame, folder: Path) -> Any:
    write, name, source = FILES[kind]
    write(frame, folder / name)
    return source(path=str(folder / name))


def assert_helpful(error: pytest.ExceptionInfo, *parts: str) -> None:
    message = str(error.value)
    assert isinstance(error.value, Cq4dsError)
    assert "Fix:" in message, message
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    """The passengers every sample file holds (built by `build_sample_data` from seed 42)."""
    return conform(generate(1309, seed=42), "generated").frame


@pytest.mark.parametrize(
    "source",
    [SqliteSource(), CsvSource(path="sample_data/titanic3.csv"), ParquetSource(), DuckdbSource()],
    ids=["sqlite", "titanic3", "parquet", "duckdb"],
)
def test_every_sample_file_holds_the_same_1309_passengers(source: Any, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(read(source, rows=500), expected, check_exact=True, obj=source.describe())


def test_the_kaggle_files_split_the_same_passengers_into_train_and_unlabelled_test(expected: pd.DataFrame) -> None:
    train = read(CsvSource(path="sample_data/kaggle_train.csv"))
    test = read(CsvSource(path="sample_data/kaggle_test.csv"))
    assert (len(train), len(test)) == (891, 418)
    assert test["is_survived"].isna().all()
    unlabelled = expected.assign(is_survived=expected["is_survived"].where(expected.index < 891))
    pd.testing.assert_frame_equal(pd.concat([train, test], ignore_index=True), unlabelled, check_exact=True)


@pytest.mark.parametrize("cls", [*FILE_SOURCES, SyntheticSource, InMemorySource])
def test_each_source_fits_the_port_and_describes_itself(cls: type) -> None:
    assert isinstance(cls(), PassengerSource)
    assert summary(cls) and "\n" not in summary(cls)
    for info in params_of(cls):
        if info.name == "path":
            assert (SAMPLE.parent / info.default).is_file(), "rebuild with: python -m cq4ds sample-data"


def test_the_injected_frame_is_not_a_parameter() -> None:
    assert params_of(InMemorySource) == ()


@pytest.mark.parametrize("kind", sorted(FILES))
def test_batches_give_the_same_rows_as_one_batch(kind: str, tmp_path: Path) -> None:
    frame = passengers(250)
    source = written(kind, frame, tmp_path)
    assert max(len(batch) for batch in source.read_batches(64)) <= 64
    pd.testing.assert_frame_equal(read(source, rows=64), read(source, rows=10_000))
    pd.testing.assert_frame_equal(read(source, rows=64), frame, check_exact=True)


def test_a_parquet_file_of_many_row_groups_is_read_without_pre_buffering(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pre-buffering reader keeps every row group it has read until it closes: by the end, the whole file."""
    frame = passengers(250)
    source = written("parquet", frame, tmp_path)
    pq.write_table(pq.read_table(source.path), source.path, row_group_size=50)  # 5 row groups
    read_with: list[dict[str, Any]] = []

    class Recorded(pq.ParquetFile):
        def __init__(self, file: Any, **options: Any) -> None:
            super().__init__(file, **options)
            self.options = options

        def iter_batches(self, **kwargs: Any) -> Any:
            read_with.append(self.options)
            return super().iter_batches(**kwargs)

    monkeypatch.setattr(pq, "ParquetFile", Recorded)
    pd.testing.assert_frame_equal(read(source, rows=64), frame, check_exact=True)
    assert read_with and all(options.get("pre_buffer") is False for options in read_with)


def test_memory_source_round_trips_frames_and_passenger_objects() -> None:
    frame = passengers(30)
    pd.testing.assert_frame_equal(read(InMemorySource.from_frame(frame), rows=7), frame)
    pd.testing.assert_frame_equal(read(InMemorySource.from_passengers(to_passengers(frame)), rows=7), frame)


def test_sqlite_passengers_without_a_target_row_are_unlabelled(tmp_path: Path) -> None:
    frame = passengers(10)
    frame["is_survived"] = frame["is_survived"].where(frame["pid"] <= 6)
    assert read(written("sqlite", frame, tmp_path))["is_survived"].isna().tolist() == [False] * 6 + [True] * 4


@pytest.mark.parametrize("cls", FILE_SOURCES)
def test_a_missing_file_is_named_and_never_created(cls: type, tmp_path: Path) -> None:
    path = tmp_path / "absent.file"
    with pytest.raises(DataError) as error:
        next(cls(path=str(path)).read_batches(10))
    assert_helpful(error, "absent.file", "does not exist")
    assert not path.exists()


@pytest.mark.parametrize("cls", FILE_SOURCES)
def test_an_empty_file_is_named(cls: type, tmp_path: Path) -> None:
    (tmp_path / "empty.file").write_bytes(b"")
    with pytest.raises(DataError) as error:
        next(cls(path=str(tmp_path / "empty.file")).read_batches(10))
    assert_helpful(error, "empty.file", "empty")


@pytest.mark.parametrize("cls", FILE_SOURCES)
def test_a_file_of_another_kind_is_named(cls: type, tmp_path: Path) -> None:
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DataError) as error:
        next(cls(path=str(tmp_path / "noise.bin")).read_batches(10))
    assert_helpful(error, "noise.bin")


@pytest.mark.parametrize("kind", sorted(FILES))
def test_a_file_with_columns_but_no_passengers_says_so(kind: str, tmp_path: Path) -> None:
    with pytest.raises(DataError) as error:
        read(written(kind, passengers().iloc[:0], tmp_path))
    assert_helpful(error, FILES[kind][1], "no passengers")


def test_a_csv_header_without_rows_says_the_file_has_a_header_but_no_passengers(tmp_path: Path) -> None:
    (tmp_path / "header.csv").write_text("pclass,survived,name,sex,age,sibsp,parch,ticket,fare,cabin,embarked\n")
    with pytest.raises(DataError) as error:
        read(CsvSource(path=str(tmp_path / "header.csv")))
    assert_helpful(error, "header.csv", "has a header but no passengers")


def test_a_csv_that_is_not_utf8_is_named_with_how_to_save_it(tmp_path: Path) -> None:
    source = written("titanic3", passengers().assign(name="Müller, Mr. Hans"), tmp_path)
    Path(source.path).write_bytes(Path(source.path).read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(DataError) as error:
        read(source)
    assert_helpful(error, "titanic3.csv", "not UTF-8", "save the file as UTF-8")


def test_a_csv_with_ragged_rows_is_not_a_readable_csv(tmp_path: Path) -> None:
    source = written("kaggle", passengers(), tmp_path)
    with open(source.path, "a", encoding="utf-8") as file:
        file.write("99,1,3,a,male,1,0,0,t,1,,S,extra,fields,here\n")
    with pytest.raises(DataError) as error:
        read(source)
    assert_helpful(error, "train.csv", "not a readable CSV")


@pytest.mark.parametrize(("kind", "column"), [("titanic3", "sex"), ("kaggle", "Name"), ("parquet", "ticket")])
def test_a_missing_required_column_is_named(kind: str, column: str, tmp_path: Path) -> None:
    source = written(kind, passengers(), tmp_path)
    if kind == "parquet":
        pd.read_parquet(source.path).drop(columns=column).to_parquet(source.path)
    else:
        pd.read_csv(source.path, dtype=str).drop(columns=column).to_csv(source.path, index=False)
    with pytest.raises(DataError) as error:
        read(source)
    assert_helpful(error, FILES[kind][1], repr(column))


@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_a_table_missing_a_required_column_is_named(kind: str, tmp_path: Path) -> None:
    source = written(kind, passengers(), tmp_path)
    table = "tbl_passengers" if kind == "sqlite" else "passengers"
    connect = sqlite3.connect if kind == "sqlite" else duckdb.connect
    with closing(connect(source.path)) as db:
        db.execute(f"ALTER TABLE {table} DROP COLUMN sex")
        db.commit()
    with pytest.raises(DataError) as error:
        read(source)
    assert_helpful(error, FILES[kind][1], "'sex'")


def test_missing_tables_are_reported_with_the_tables_found(tmp_path: Path) -> None:
    source = written("sqlite", passengers(), tmp_path)
    with closing(sqlite3.connect(source.path)) as db:
        db.execute("DROP TABLE tbl_targets")
    with pytest.raises(DataError) as error:
        read(source)
    assert_helpful(error, "titanic.db", "tbl_targets", "tables found: tbl_passengers")
    with pytest.raises(DataError) as error:
        read(DuckdbSource(path=str(written("duckdb", passengers(), tmp_path).path), table="people"))
    assert_helpful(error, "warehouse.duckdb", "'people'", "tables found: passengers")


def test_a_duckdb_table_name_must_be_a_plain_name(tmp_path: Path) -> None:
    source = written("duckdb", passengers(), tmp_path)
    with pytest.raises(DataError) as error:
        read(DuckdbSource(path=source.path, table='passengers"; DROP TABLE passengers; --'))
    assert_helpful(error, "not a plain table name")
    assert len(read(source)) == 40


# (kind, column, bad value, words the message must contain): each breaks one domain rule in row 3.
BAD_VALUES = [
    ("titanic3", "age", "abc", "'abc', not a number"),
    ("sqlite", "age", "abc", "'abc', not a number"),
    ("kaggle", "fare", -1.0, "below the minimum"),
    ("parquet", "age", -2.0, "below the minimum"),
    ("sqlite", "is_survived", 2, "not one of 0, 1"),
    ("duckdb", "sex", "F", "not one of 'female', 'male'"),
    ("parquet", "embarked", "X", "not one of 'C', 'Q', 'S'"),
    ("kaggle", "pclass", 4, "not one of 1, 2, 3"),
]


@pytest.mark.parametrize(("kind", "column", "value", "words"), BAD_VALUES)
def test_a_value_breaking_a_rule_names_the_file_row_and_column(kind: str, column: str, value: Any, words: str,
                                                                tmp_path: Path) -> None:
    frame = passengers().astype({column: object})
    frame.loc[2, column] = value
    with pytest.raises(InvalidPassengerError) as error:
        read(written(kind, frame, tmp_path), rows=16)
    assert_helpful(error, FILES[kind][1], "row 3", f"'{column}'", words)


@pytest.mark.parametrize("kind", ["kaggle", "parquet", "duckdb", "sqlite"])
def test_duplicate_pids_are_named(kind: str, tmp_path: Path) -> None:
    frame = passengers()
    frame.loc[5, "pid"] = frame.loc[4, "pid"]
    with pytest.raises(InvalidPassengerError) as error:
        read(written(kind, frame, tmp_path), rows=16)
    assert_helpful(error, FILES[kind][1], "pid 5 appears more than once")


def test_an_empty_memory_source_says_to_inject_passengers() -> None:
    with pytest.raises(DataError) as error:
        next(InMemorySource().read_batches(10))
    assert_helpful(error, "in-memory", "composition root")


# --- Bounded work: a cap enforced while reading, read-only databases, limits on what a file can make us do ---------

CAP = 10_000
CAP_MESSAGE = "holds more than 10,000 passengers"


class Counted:
    """A source that counts the rows its batches carried to the caller (what was really read)."""

    def __init__(self, source: Any) -> None:
        self.source, self.pulled, self.batches = source, 0, 0

    def describe(self) -> str:
        return self.source.describe()

    def read_batches(self, rows: int):
        for batch in self.source.read_batches(rows):
            self.pulled += len(batch)
            self.batches += 1
            yield batch


@pytest.fixture(scope="module")
def fifty_thousand() -> pd.DataFrame:
    return conform(generate(50_000, seed=5), "generated").frame


@pytest.mark.parametrize("kind", ["titanic3", "kaggle", "parquet", "sqlite", "duckdb"])
def test_a_file_over_the_cap_is_refused_after_reading_one_row_more_than_the_cap(
    kind: str, fifty_thousand: pd.DataFrame, tmp_path: Path
) -> None:
    source = Counted(written(kind, fifty_thousand, tmp_path))
    with pytest.raises(DataError) as error:
        load_passengers(source, max_rows=CAP)
    assert_helpful(error, FILES[kind][1], CAP_MESSAGE, "at most 10,000", "python -m cq4ds run")
    assert "\n" not in str(error.value)
    assert (source.pulled, source.batches) == (CAP + 1, 1)  # one batch of cap + 1 rows, of the 50,000


def test_a_file_at_the_cap_is_read_whole(fifty_thousand: pd.DataFrame, tmp_path: Path) -> None:
    source = Counted(written("parquet", fifty_thousand.iloc[:CAP], tmp_path))
    assert len(load_passengers(source, max_rows=CAP).frame) == CAP
    assert source.pulled == CAP


@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_without_a_cap_the_two_queries_of_a_sql_source_give_every_row_once(
    kind: str, fifty_thousand: pd.DataFrame, tmp_path: Path
) -> None:
    """The first batch comes from a LIMIT query, the rest from an OFFSET query: repeated pids included."""
    frame = fifty_thousand.iloc[:300].copy()
    # ties on pid across the first batch's end (64 rows); unlabelled, or the SQLite join repeats each per target row
    frame.loc[60:70, ["pid", "is_survived"]] = [64, np.nan]
    source = written(kind, frame, tmp_path)
    batches = list(source.read_batches(64))
    assert [len(batch) for batch in batches[:1]] == [64] and sum(map(len, batches)) == 300
    got = pd.concat(batches, ignore_index=True)
    assert sorted(got["name"]) == sorted(frame["name"])  # every row once, none twice


def test_a_sqlite_view_of_many_rows_is_refused_at_the_cap(tmp_path: Path) -> None:
    view = sqlite_view(tmp_path / "view.db", 200_000)
    assert view.stat().st_size < 16_384  # a few KB of file, as many rows as it likes
    source = Counted(SqliteSource(path=str(view)))
    with pytest.raises(DataError) as error:
        load_passengers(source, max_rows=CAP)
    assert_helpful(error, "view.db", CAP_MESSAGE)
    assert source.pulled == CAP + 1


def test_a_sqlite_query_that_never_ends_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_source, "QUERY_SECONDS", 0.5)
    source = SqliteSource(path=str(sqlite_view(tmp_path / "endless.db", None)))
    started = time.monotonic()
    with pytest.raises(DataError) as error:
        load_passengers(source, max_rows=CAP)
    assert time.monotonic() - started < 5
    assert_helpful(error, "endless.db", "took more than 0 s and was stopped", "plain tables")


def test_a_sqlite_value_longer_than_the_limit_is_refused(tmp_path: Path) -> None:
    frame = passengers()
    frame.loc[3, "name"] = "Doe, Mr. " + "J" * 5_000
    with pytest.raises(DataError) as error:
        read(written("sqlite", frame, tmp_path))
    assert_helpful(error, "titanic.db", "longer than 2,000 bytes")


def _unchanged(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_databases_are_opened_read_only(kind: str, tmp_path: Path) -> None:
    source = written(kind, passengers(), tmp_path)
    before = _unchanged(tmp_path)
    assert len(read(source)) == 40
    assert _unchanged(tmp_path) == before  # the same bytes, and no journal, WAL or temporary folder beside it
    if kind == "sqlite":
        with closing(sqlite_source.connect(Path(source.path))) as db, pytest.raises(sqlite3.OperationalError,
                                                                                  match="readonly"):
            db.execute("CREATE TABLE planted (a)")
    else:
        with closing(duckdb_source.connect(Path(source.path))) as db:
            for statement in (
                "CREATE TABLE source.main.planted (a INTEGER)",
                "SET memory_limit = '8GB'",
                "SET enable_external_access = true",
                f"SELECT * FROM read_csv('{SAMPLE / 'titanic3.csv'}')",
                f"ATTACH '{tmp_path / 'other.duckdb'}' AS other",
            ):
                with pytest.raises(duckdb.Error):
                    db.execute(statement)
    assert _unchanged(tmp_path) == before


def _duckdb_file(path: Path, *statements: str) -> Path:
    with closing(duckdb.connect(str(path))) as db:
        for statement in statements:
            db.execute(statement)
    return path


def test_a_duckdb_generated_column_is_refused_before_it_is_computed(tmp_path: Path) -> None:
    path = _duckdb_file(
        tmp_path / "bomb.duckdb",
        "CREATE TABLE passengers (pid INTEGER, sex VARCHAR, name VARCHAR GENERATED ALWAYS AS (repeat('A', 2000000)))",
        "INSERT INTO passengers (pid, sex) SELECT range, 'male' FROM range(20000)",
    )
    assert path.stat().st_size < 2_000_000
    with pytest.raises(DataError) as error:
        load_passengers(DuckdbSource(path=str(path)), max_rows=CAP)
    assert_helpful(error, "bomb.duckdb", "'name' is computed when read", "CREATE TABLE copy")


def test_a_duckdb_files_own_macros_are_never_called(tmp_path: Path) -> None:
    path = _duckdb_file(
        tmp_path / "liar.duckdb",
        "CREATE MACRO duckdb_tables() AS TABLE SELECT 'passengers' AS table_name, 'source' AS database_name",
        "CREATE TABLE people (name VARCHAR)",
    )
    with pytest.raises(DataError) as error:
        read(DuckdbSource(path=str(path)))
    assert_helpful(error, "liar.duckdb", "no table 'passengers'", "tables found: people")


def test_a_duckdb_read_needing_too_much_memory_ends_in_one_line(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = _duckdb_file(
        tmp_path / "long.duckdb",  # 100 MB of values in a file of well under 1 MB
        "CREATE TABLE passengers AS SELECT range AS pid, 'male' AS sex, repeat('A', 100000) AS name FROM range(1000)",
    )
    assert path.stat().st_size < 1_000_000
    monkeypatch.setitem(duckdb_source.SETTINGS, "memory_limit", "32MB")
    monkeypatch.setattr(duckdb_source, "MEMORY_LIMIT", "32MB")
    with pytest.raises(DataError) as error:
        load_passengers(DuckdbSource(path=str(path)), max_rows=CAP)
    assert_helpful(error, "long.duckdb", "needs more than 32MB of memory", "Out of Memory")
    assert "\n" not in str(error.value)


def _parquet_bomb(path: Path, dictionary: bool, rows: int = 20_000, value_bytes: int = 1_000_000) -> Path:
    """A small Parquet file whose names decode to rows x value_bytes: one value referenced again and again,
    or long values compressed away."""
    frame = passengers(rows).drop(columns="name")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if dictionary:
        names = pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, dtype=np.int32)), ["A" * value_bytes])
        pq.write_table(table.append_column("name", names), path, store_schema=False)
        return path
    with pq.ParquetWriter(path, table.schema.append(pa.field("name", pa.string())), compression="zstd",
                          use_dictionary=False) as writer:
        for start in range(0, rows, 500):
            part = table.slice(start, 500)
            writer.write_table(part.append_column("name", pa.array(["A" * value_bytes] * len(part))))
    return path


@pytest.mark.parametrize("dictionary", [True, False], ids=["one value referenced", "compressed values"])
def test_a_parquet_file_that_decodes_to_far_more_than_its_size_is_refused(dictionary: bool, tmp_path: Path) -> None:
    path = _parquet_bomb(tmp_path / "small.parquet", dictionary, value_bytes=100_000 if not dictionary else 1_000_000)
    assert path.stat().st_size < 2_000_000
    with pytest.raises(DataError) as error:
        load_passengers(ParquetSource(path=str(path)), max_rows=CAP)
    assert_helpful(error, "small.parquet", "longer than 2,000 bytes")


PEAK_MEMORY = """
import json, resource, sys
from cq4ds.adapters.duckdb_source import DuckdbSource
from cq4ds.adapters.parquet_source import ParquetSource
from cq4ds.domain import DataError
from cq4ds.usecases import load_passengers

kind, path = sys.argv[1:]
source = DuckdbSource(path=path) if kind == "duckdb" else ParquetSource(path=path)
try:
    load_passengers(source, max_rows=10_000)
    message = None
except DataError as error:
    message = str(error)
print(json.dumps({"message": message, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


@pytest.mark.slow
def test_bombs_end_in_a_data_error_within_bounded_memory(tmp_path: Path) -> None:
    """Each file read in a fresh process: the error is clear and the process never grows past 1.5 GB."""
    files = {
        "duckdb": _duckdb_file(
            tmp_path / "generated.duckdb",
            "CREATE TABLE passengers (pid INTEGER, sex VARCHAR, name VARCHAR GENERATED ALWAYS AS "
            "(repeat('A', 2000000)))",
            "INSERT INTO passengers (pid, sex) SELECT range, 'male' FROM range(20000)",
        ),
        "parquet": _parquet_bomb(tmp_path / "referenced.parquet", dictionary=True),
    }
    for kind, path in files.items():
        done = subprocess.run([sys.executable, "-c", PEAK_MEMORY, kind, str(path)], capture_output=True, text=True,
                              timeout=120, check=False, cwd=SAMPLE.parent)
        assert done.returncode == 0, done.stderr
        outcome = json.loads(done.stdout)
        assert outcome["message"] and "Fix:" in outcome["message"], (kind, outcome)
        assert outcome["peak_mib"] < 1536, (kind, outcome)
