"""The command line: the operational face of cq4ds, on the same code path as the app.

python -m cq4ds components [--json]
python -m cq4ds run --config FILE [--set port.params.key=value ...] [--json] [--save NAME]
python -m cq4ds score --model NAME --config FILE [--set ...] [--json]
python -m cq4ds generate --rows N --out PATH [--seed S] [--layout LAYOUT]
python -m cq4ds sample-data [--folder sample_data]
python -m cq4ds check FILE.py [--json] [--room http://HOST:PORT --code ROOM --name NICK]
python -m cq4ds new-exercise N
python -m cq4ds check-setup [--url URL]

`run`, `score` and `components` see the participant's components too: the exercises folder the app
discovers (`exercises/`, or $CQ4DS_EXERCISES), so a config downloaded from the Lab runs here as it ran there.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from cq4ds import bootstrap, samples
from cq4ds.config_file import apply_overrides, dump_config, load_config
from cq4ds.domain import PORTS, ConfigError, Cq4dsError, PipelineConfig
from cq4ds.extensions import component_failure, with_exercises
from cq4ds.grading import commands
from cq4ds.grading import exercises as workshop
from cq4ds.registry import Registry
from cq4ds.reporting import components_json, run_json, run_text, score_json


def _config(args: argparse.Namespace) -> PipelineConfig:
    return apply_overrides(load_config(args.config), args.set)


def _registry(config: PipelineConfig | None = None) -> Registry:
    """The built-in components plus the exercises folder's; a kind `config` names that is not there is explained."""
    discovery = with_exercises()
    registry = discovery.registry
    for port in PORTS if config is not None else ():
        kind = config.spec(port).kind
        if kind not in registry.kinds(port):
            problems = "; ".join(f"not added from your exercises: {p.message}" for p in discovery.problems)
            fix = workshop.missing_fix(port, kind) or f"choose one of: {', '.join(registry.kinds(port))}"
            raise ConfigError(f"{port}: unknown kind {kind!r}" + (f" ({problems})" if problems else ""), fix)
    return registry


def cmd_components(args: argparse.Namespace) -> None:
    registry = _registry()
    if args.json:
        print(json.dumps(components_json(registry), indent=2))
        return
    for port in registry.ports():
        print(f"[{port}]")
        for kind in registry.kinds(port):
            info = registry.info(port, kind)
            print(f"  {kind:<20} {info.summary}")
            for p in info.params:
                allowed = f" one of {', '.join(map(str, p.choices))}" if p.choices else ""
                print(f"  {'':<20}   {p.name} = {p.default!r} ({p.type.__name__}{allowed})")


def cmd_run(args: argparse.Namespace) -> None:
    config = _config(args)
    trained = bootstrap.build_pipeline(config, registry=_registry(config)).train_and_evaluate()
    if args.save:
        where = bootstrap.open_model_store(args.store).save(
            args.save, trained.predictor, {"config": dump_config(config), **run_json(trained.result)}
        )
        print(f"saved model to {where}", file=sys.stderr)
    print(json.dumps(run_json(trained.result), indent=2) if args.json else run_text(trained.result))


def cmd_score(args: argparse.Namespace) -> None:
    model, _ = bootstrap.open_model_store(args.store).load(args.model)
    config = _config(args)
    result = bootstrap.build_pipeline(config, registry=_registry(config)).score(model, chunk_rows=args.chunk_rows)
    if args.json:
        print(json.dumps(score_json(result), indent=2))
    else:
        print(
            f"scored {result.rows_scored} passengers in {result.chunks} chunks "
            f"({result.rows_per_second:,.0f} rows/s) into {result.destination}, on {result.engine}"
        )


def cmd_generate(args: argparse.Namespace) -> None:
    where = samples.write_generated(args.out, rows=args.rows, seed=args.seed, layout=args.layout)
    print(f"wrote {args.rows} generated passengers to {where}")


def cmd_sample_data(args: argparse.Namespace) -> None:
    for path in samples.build_sample_data(args.folder):
        print(f"wrote {path}")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line, like every other user error (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        """Print `error: PROG: MESSAGE. Fix: ...` on one line and exit with status 2."""
        self.exit(2, f"error: {self.prog}: {' '.join(message.split())}. Fix: see {self.prog} --help\n")


def parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m cq4ds`."""
    root = _Parser(prog="python -m cq4ds", description="Clean-architecture Titanic pipeline.")
    sub = root.add_subparsers(dest="command", required=True)

    components = sub.add_parser("components", help="list every registered component and its parameters")
    components.add_argument("--json", action="store_true", help="print JSON")
    components.set_defaults(handler=cmd_components)

    for name, handler, help_text in (
        ("run", cmd_run, "train and evaluate the composition a config describes"),
        ("score", cmd_score, "score the config's source with a stored model into the config's sink"),
    ):
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--config", required=True, help="TOML config file (see configs/)")
        command.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="override a setting, e.g. model.kind=random_forest or model.params.C=0.5",
        )
        command.add_argument("--json", action="store_true", help="print JSON")
        command.add_argument("--store", default="models", help="model store folder (default: models)")
        command.set_defaults(handler=handler)
        if name == "run":
            command.add_argument("--save", metavar="NAME", help="store the trained model under NAME")
        else:
            command.add_argument("--model", required=True, help="name of a model saved with run --save")
            command.add_argument("--chunk-rows", type=int, default=50_000, help="rows scored at a time")

    generate = sub.add_parser("generate", help="write N generated passengers to a file")
    generate.add_argument("--rows", type=int, required=True, help="how many passengers (100 to 10,000,000)")
    generate.add_argument("--out", required=True, help="output file: .csv, .parquet, .db (SQLite) or .duckdb")
    generate.add_argument("--seed", type=int, default=0, help="same seed, same passengers")
    generate.add_argument(
        "--layout", choices=samples.LAYOUTS, default="auto", help="file layout (default: from the file extension)"
    )
    generate.set_defaults(handler=cmd_generate)

    sample = sub.add_parser("sample-data", help="rebuild the bundled sample data")
    sample.add_argument("--folder", default="sample_data")
    sample.set_defaults(handler=cmd_sample_data)

    commands.add_to(sub)  # the workshop's: check, new-exercise, check-setup
    return root


def crash_log() -> Path:
    """Where the CLI appends the traceback of a bug: cq4ds-cli.log in the system temp folder."""
    return Path(tempfile.gettempdir()) / "cq4ds-cli.log"


def _log_crash(argv: Sequence[str]) -> Path:
    """Append the exception being handled, with the command line, to the crash log (created readable by you only).

    The temp folder is shared: a log that is a symlink, or that another user owns, is refused (OSError).
    """
    path = crash_log()
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as log:
        if hasattr(os, "getuid") and os.fstat(descriptor).st_uid != os.getuid():
            raise PermissionError(f"{path} belongs to another user")
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        log.write(f"--- {stamp} python -m cq4ds {' '.join(argv)}\n{traceback.format_exc()}\n")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; user errors print one line and return 2, never a traceback.

    A command may return its own status: `check` returns 1 when a check fails. Any other exception is a
    bug: its traceback goes to the crash log, and one line naming the log is printed; the status is 1.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser().parse_args(argv)
    try:
        status = args.handler(args)
    except Cq4dsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: outputs were left as they were", file=sys.stderr)
        return 130
    except Exception as error:
        theirs = component_failure(error)  # a participant's component raised: their file and line, a user error
        if theirs is not None:
            print(f"error: {theirs}", file=sys.stderr)
            return 2
        try:
            where = f"details in {_log_crash(argv)}"
        except OSError as unwritable:
            where = f"its details could not be written to {crash_log()} ({type(unwritable).__name__})"
        print(f"error: unexpected failure ({type(error).__name__}); {where}", file=sys.stderr)
        return 1
    return status or 0
