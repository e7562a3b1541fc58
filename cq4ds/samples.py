"""Sample-data tooling: generated passengers written to files in every layout the sources read.

Not part of any pipeline: the CLI's `generate` and `sample-data` commands, the benchmarks and the
tests use it to make files. It picks the writer for a layout, so it sits with the composition root.
"""

from __future__ import annotations

from pathlib import Path

from cq4ds.adapters import sample_files
from cq4ds.adapters.synthetic import SyntheticSource, generate
from cq4ds.domain import ConfigError
from cq4ds.params import check_params

LAYOUTS = ("auto", "titanic3_csv", "kaggle_csv", "parquet", "exercise_sqlite", "duckdb")
_BY_SUFFIX = {
    ".csv": "titanic3_csv",
    ".parquet": "parquet",
    ".db": "exercise_sqlite",
    ".sqlite": "exercise_sqlite",
    ".duckdb": "duckdb",
}


def write_generated(path: str, *, rows: int, seed: int = 0, layout: str = "auto") -> str:
    """Write `rows` generated passengers to `path` in a supported file layout; return the path."""
    if layout == "auto":
        layout = _BY_SUFFIX.get(Path(path).suffix.lower(), "")
        if not layout:
            raise ConfigError(
                f"cannot tell the layout of {path}", f"end it in {', '.join(_BY_SUFFIX)} or pass --layout"
            )
    check_params(SyntheticSource, {"rows": rows, "seed": seed}, "generate")
    frame = generate(rows, seed=seed)
    writer = {
        "titanic3_csv": sample_files.write_titanic3_csv,
        "kaggle_csv": sample_files.write_kaggle_csv,
        "parquet": sample_files.write_parquet,
        "exercise_sqlite": sample_files.write_exercise_sqlite,
        "duckdb": sample_files.write_duckdb,
    }[layout]
    writer(frame, path)
    return path


def build_sample_data(folder: str = "sample_data") -> list[str]:
    """Rebuild the bundled sample files in `folder`; return their paths."""
    return [str(p) for p in sample_files.build_sample_data(folder)]
