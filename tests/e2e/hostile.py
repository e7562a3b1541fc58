"""Bad and hostile input tried through the Lab's UI, as a participant could: each returns what happened.

- an upload over the size limit: refused with a message naming the limit; the last result stays;
- an upload whose file name and passenger names hold Markdown, HTML, script and spreadsheet formulas:
  shown as plain text (no link, image or script made), and its predictions exported without formulas;
- a path in a sink's file name: the file is written inside the session's own folder, nowhere else;
- SQL in a table name (a sink's and a DuckDB source's): refused with a message, nothing run.

The browser and the server run on the same machine, so some checks look at the files on disk too.

`heavy_uploads` is a participant of its own (bench/room.py --hostile-upload): again and again, it uploads
the heaviest files the Lab still accepts and trains (10,000 generated passengers; 10,000 whose names fill
the file to just under the upload limit) and files it refuses only after reading (50,000 passengers,
refused at the 10,000-passenger cap; SQLite files whose passenger table is a recursive view, of a million
rows or without end, refused at the cap or stopped after 10 s), each freshly made so that no cache answers.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page, expect
from playwright.async_api import TimeoutError as PlaywrightTimeout

from course.ui.notices import WORD_JOINER
from cq4ds import samples
from tests.e2e.harness import ROOT
from tests.e2e.lab_async import RESULT_WITHIN, pick, settled, shown_metrics
from tests.fixtures.hostile_files import sqlite_view

if TYPE_CHECKING:
    from tests.e2e.room import Frames, Participant

UPLOAD = "Upload your own file…"
LIMIT_MB = 50  # .streamlit/config.toml server.maxUploadSize
SHOWING_LAST = "Showing the last result that worked."
HOSTILE_FILE_NAME = "[prize](javascript:alert(1)) <img src=x onerror=alert(2)> =HYPERLINK(1) :red[x] $y$.csv"
HOSTILE_NAMES = (
    '=HYPERLINK("http://example.com/steal","Open me"), Mr. Formula',
    "+cmd|' /C calc'!A0, Mr. Plus",
    "@SUM(1+1), Mrs. At",
    "<script>alert('name')</script>, Miss. Script",
    "<img src=x onerror=alert('img')>, Mr. Image",
    "[click](http://example.com), Master. Link",
)
ESCAPE_NAME = "cq4ds-escape.csv"
PATH_LIKE_NAME = f"../../../../../tmp/{ESCAPE_NAME}"
SQL_TABLE = "predictions; DROP TABLE tbl_passengers; --"
SQL_SOURCE_TABLE = "passengers; DROP TABLE passengers"
PLAIN_NAME_REFUSED = re.compile(r"is not a plain (table )?name")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Outcome:
    """What one hostile input led to: `problem` is None when the app handled it as it should.

    A heavy upload also says how long the Lab took to answer (`seconds`, from handing the file to the page,
    at `started` (time.perf_counter), until the answer was on screen) and whether its run waited in the run
    gate's queue (the furthest place shown, and for how long).
    """

    action: str
    problem: str | None = None
    detail: str = ""
    seconds: float | None = None
    queue_place: int | None = None
    queue_s: float | None = None
    started: float | None = None


Action = Callable[[Page, "Participant", str, Path | None], Awaitable[Outcome]]


async def _pick(page: Page, label: str, option: str) -> None:
    await pick(page, label, option)
    await settled(page)


async def _csv_source(page: Page) -> None:
    """Choose the CSV source and wait until its own file picker (not the previous source's) is the only one."""
    await _pick(page, "Source · adapter", "csv")
    box = page.get_by_role("combobox", name="file", exact=True)
    await expect(box).to_have_count(1, timeout=60_000)
    await expect(box).to_have_value("sample_data/titanic3.csv", timeout=60_000)
    await settled(page)


async def _shot(page: Page, shots: Path | None, name: str, showing: Locator) -> None:
    """Save a screenshot with `showing` in view."""
    if shots is not None:
        for attempt in range(3):  # the element may be redrawn between finding it and scrolling to it
            try:
                await showing.scroll_into_view_if_needed(timeout=10_000)
                break
            except PlaywrightError:
                if attempt == 2:
                    raise
                await settled(page)
        shots.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(shots / f"hostile_{name}.png"))


async def _fill(page: Page, label: str, text: str) -> None:
    """Type `text` into the text input labelled `label` and submit it with Enter."""
    box = page.get_by_role("textbox", name=label, exact=True)
    await box.fill(text)
    await box.press("Enter")
    await page.wait_for_timeout(300)  # the rerun starts after Enter
    await settled(page)


async def _error_text(page: Page) -> str:
    return " ".join(await page.get_by_test_id("stAlertContentError").all_inner_texts())


async def _refusal(page: Page) -> str:
    """The error message the last input led to (waits for it to appear; '' if none did)."""
    try:
        await page.get_by_test_id("stAlertContentError").first.wait_for(state="visible", timeout=60_000)
    except PlaywrightTimeout:
        return ""
    await settled(page)
    return await _error_text(page)


def oversized_file() -> Path:
    """A CSV file one byte over the upload limit (made once per machine, in the temp folder)."""
    path = Path(tempfile.gettempdir()) / f"cq4ds-oversized-{LIMIT_MB}mb.csv"
    size = LIMIT_MB * 1024 * 1024 + 1
    if not path.exists() or path.stat().st_size != size:
        header = (ROOT / "sample_data" / "titanic3.csv").read_bytes().split(b"\n", 1)[0] + b"\n"
        path.write_bytes(header + b"x" * (size - len(header)))
    return path


def hostile_upload() -> bytes:
    """The first 400 sample passengers, every fourth one renamed with Markdown, HTML, script or a formula."""
    text = (ROOT / "sample_data" / "titanic3.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))[:400]
    for number, row in enumerate(rows[::4]):
        row["name"] = HOSTILE_NAMES[number % len(HOSTILE_NAMES)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


async def oversized_upload(page: Page, participant: Participant, url: str, shots: Path | None) -> Outcome:
    action = "oversized upload"
    before = await shown_metrics(page)
    await _csv_source(page)
    await _pick(page, "file", UPLOAD)
    uploader = page.get_by_test_id("stFileUploader")
    await uploader.wait_for(state="visible", timeout=60_000)
    await uploader.locator("input[type=file]").set_input_files(str(oversized_file()))
    message = uploader.get_by_text(re.compile(rf"{LIMIT_MB}(\.0)?\s*MB", re.I)).last
    try:
        await message.wait_for(state="visible", timeout=30_000)
    except PlaywrightTimeout:
        return Outcome(action, "no message naming the upload limit appeared")
    said = (await message.inner_text()).strip()
    await settled(page)
    await _shot(page, shots, SHOT_NAMES[action], uploader)
    if await page.get_by_test_id("stException").count():
        return Outcome(action, "an exception was shown", said)
    if await shown_metrics(page) != before:
        return Outcome(action, f"the result on show changed from {before} to {await shown_metrics(page)}", said)
    return Outcome(action, None, said)


async def hostile_names(page: Page, participant: Participant, url: str, shots: Path | None) -> Outcome:
    action = "markup, script and formulas in names"
    await _csv_source(page)
    await _pick(page, "file", UPLOAD)
    uploader = page.get_by_test_id("stFileUploader")
    await uploader.wait_for(state="visible", timeout=60_000)
    payload = {"name": HOSTILE_FILE_NAME, "mimeType": "text/csv", "buffer": hostile_upload()}
    await uploader.locator("input[type=file]").set_input_files(payload)
    caption = page.get_by_test_id("stCaptionContainer").filter(has_text="rows read")
    try:
        await caption.filter(has_text="400 rows").wait_for(state="visible", timeout=60_000)
    except PlaywrightTimeout:
        return Outcome(action, f"no result for the upload; errors shown: {await _error_text(page)!r}")
    await settled(page)
    shown = await caption.inner_text()
    if HOSTILE_FILE_NAME not in shown:
        return Outcome(action, f"the file name was not shown as written: {shown!r}")
    main = page.get_by_test_id("stMain")
    made = {
        "links": await main.locator("a[href^='javascript'], a[href*='example.com']").count(),
        "images": await main.locator("img[src='x']").count(),
        "scripts": await main.locator("script").count(),
    }
    if any(made.values()):
        return Outcome(action, f"markup in a name became page elements: {made}")
    await _pick(page, "Sink · adapter", "csv")
    download_button = page.get_by_role("tabpanel", name="Results").get_by_test_id("stDownloadButton")
    await download_button.wait_for(state="visible", timeout=60_000)
    async with page.expect_download() as waiting:
        await download_button.locator("button").click()
    download = await waiting.value
    exported = Path(await download.path()).read_text(encoding="utf-8")
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    risky = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    await _shot(page, shots, SHOT_NAMES[action], caption)
    if risky:
        return Outcome(action, f"the export holds cells a spreadsheet would run: {risky[:3]}")
    return Outcome(action, None, f"shown as written; {len(cells)} exported cells, none a formula")


async def path_like_sink_name(page: Page, participant: Participant, url: str, shots: Path | None) -> Outcome:
    action = "path in a sink's file name"
    before = await shown_metrics(page)
    await _pick(page, "Sink · adapter", "csv")
    await _fill(page, "output file name", PATH_LIKE_NAME)
    caption = page.get_by_test_id("stCaptionContainer").filter(has_text="rows written to")
    try:
        await caption.filter(has_text=ESCAPE_NAME).wait_for(state="visible", timeout=60_000)
    except PlaywrightTimeout:
        return Outcome(action, f"no write to {ESCAPE_NAME} was reported; errors shown: {await _error_text(page)!r}")
    said = await caption.inner_text()
    await _shot(page, shots, SHOT_NAMES[action], caption)
    outside = [p for p in (Path("/tmp") / ESCAPE_NAME, ROOT / ESCAPE_NAME, ROOT.parent / ESCAPE_NAME) if p.exists()]
    if outside:
        return Outcome(action, f"a file was written outside the session folder: {outside}")
    if "your session folder" not in said or ".." in said:
        return Outcome(action, f"the write is not reported inside the session folder: {said!r}")
    if await shown_metrics(page) != before:
        return Outcome(action, f"the metrics changed from {before} to {await shown_metrics(page)}")
    return Outcome(action, None, said[said.index("Predictions") :])


async def sql_table_names(page: Page, participant: Participant, url: str, shots: Path | None) -> Outcome:
    action = "SQL in table names"
    before = await shown_metrics(page)
    database = ROOT / "sample_data" / "titanic.db"
    await _pick(page, "Sink · adapter", "sqlite")
    await _fill(page, "table", SQL_TABLE)
    said = await _refusal(page)
    await _shot(page, shots, SHOT_NAMES[action], page.get_by_test_id("stAlertContentError").first)
    if not PLAIN_NAME_REFUSED.search(said) or "Fix" not in said:
        return Outcome(action, f"the sink's table name was not refused with a fix: {said!r}")
    if f"table {SQL_TABLE} in" not in said.replace(WORD_JOINER, ""):  # e.g. not '--' drawn as a dash
        return Outcome(action, f"the table name is not shown as typed: {said!r}")
    if await page.get_by_text(SHOWING_LAST).count() != 1 or await shown_metrics(page) != before:
        return Outcome(action, "the last result that worked is not on show")
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "tbl_passengers" not in tables:
        return Outcome(action, f"the sample database lost a table: {sorted(tables)}")
    await page.goto(participant.link(url), wait_until="domcontentloaded")
    await page.get_by_test_id("stMetricValue").first.wait_for(state="visible", timeout=120_000)
    await settled(page)
    await _pick(page, "Source · adapter", "duckdb")
    await _fill(page, "table", SQL_SOURCE_TABLE)
    source_said = await _refusal(page)
    if not PLAIN_NAME_REFUSED.search(source_said) or "Fix" not in source_said:
        return Outcome(action, f"the source's table name was not refused with a fix: {source_said!r}")
    return Outcome(action, None, f"{said} | {source_said}")


ACTIONS: dict[str, Action] = {
    "oversized upload": oversized_upload,
    "markup, script and formulas in names": hostile_names,
    "path in a sink's file name": path_like_sink_name,
    "SQL in table names": sql_table_names,
}
SHOT_NAMES = {  # screenshots are saved as hostile_<name>.png
    "oversized upload": "oversized_upload",
    "markup, script and formulas in names": "names",
    "path in a sink's file name": "path_like_sink_name",
    "SQL in table names": "sql_table_names",
}


# --- A heavy participant: the worst input the Lab allows, again and again -----------------------------------------

HEAVY = "heavy upload"
CAP_ROWS = 10_000  # course/ui/runs.py MAX_ROWS
CAP_SAID = "holds more than 10,000 passengers"
STOPPED_SAID = "was stopped"  # a SQLite query step over its time budget (cq4ds/adapters/sqlite_source.py)
TRAINED, CAPPED, STOPPED = "trained", "refused at the cap", "stopped"
SAMPLE_FILES = {"csv": "sample_data/titanic3.csv", "sqlite": "sample_data/titanic.db"}
# The long-names file: one MB under the upload limit as the page counts it (its uploader takes a MB as 10^6 bytes
# here, while the server's own check, a MB as 2^20 bytes, would let 2.4 MB more through).
FILL_TO_BYTES = (LIMIT_MB - 1) * 1000 * 1000


@dataclass(frozen=True)
class HeavyFile:
    """One file the heavy participant uploads: the source kind that reads it, and what the Lab must answer."""

    kind: str  # "csv" or "sqlite"
    path: Path
    what: str  # for the report, e.g. "10,000 passengers (0.8 MB)"
    answer: str  # TRAINED, CAPPED or STOPPED

    @property
    def action(self) -> str:
        return f"{HEAVY}: {self.what}"


def heavy_files(folder: Path, cycles: int, *, long_names: bool = True, endless_view: bool = True) -> list[HeavyFile]:
    """`cycles` rounds of heavy files, in upload order, written into `folder`.

    Each round: 10,000 generated passengers (a new seed each round, so neither the server's load cache nor
    the session's results answer), 50,000 passengers, 10,000 passengers whose names fill the file to just
    under the upload limit (new seed each round), a SQLite file whose passenger table is a recursive view
    of a million rows, and one whose view never ends. The same-content files are written once.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fifty = folder / "passengers-50000.csv"
    samples.write_generated(str(fifty), rows=50_000, seed=50)
    million = sqlite_view(folder / "view-1000000-rows.db", 1_000_000)
    endless = sqlite_view(folder / "view-without-end.db", None)
    files = []
    for round_ in range(cycles):
        plain = folder / f"passengers-10000-seed{round_}.csv"
        samples.write_generated(str(plain), rows=CAP_ROWS, seed=round_)
        files += [
            HeavyFile("csv", plain, f"10,000 passengers ({mb(plain)})", TRAINED),
            HeavyFile("csv", fifty, f"50,000 passengers ({mb(fifty)})", CAPPED),
        ]
        if long_names:
            filled = long_names_file(folder / f"passengers-10000-long-names-{round_}.csv", 1000 + round_)
            files.append(HeavyFile("csv", filled, f"10,000 passengers with long names ({mb(filled)})", TRAINED))
        files.append(HeavyFile("sqlite", million, "SQLite, a recursive view of 1,000,000 rows", CAPPED))
        if endless_view:
            files.append(HeavyFile("sqlite", endless, "SQLite, a recursive view without end", STOPPED))
    return files


def mb(path: Path) -> str:
    return f"{path.stat().st_size / 1000**2:.1f} MB"  # as the page's uploader shows it


def long_names_file(path: Path, seed: int) -> Path:
    """10,000 generated passengers, each name padded after the given names to fill the file to FILL_TO_BYTES."""
    samples.write_generated(str(path), rows=CAP_ROWS, seed=seed)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    pad = (FILL_TO_BYTES - path.stat().st_size) // len(rows) - 4  # quotes and a space per name, some slack
    for row in rows:
        row["name"] = f"{row['name']} {'Q' * pad}"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert path.stat().st_size < LIMIT_MB * 1000 * 1000, path.stat().st_size
    return path


async def choose_source(page: Page, kind: str) -> None:
    """Choose the `kind` source and wait until its own file picker, showing its sample, is the only one."""
    await _pick(page, "Source · adapter", kind)
    box = page.get_by_role("combobox", name="file", exact=True)
    await expect(box).to_have_count(1, timeout=60_000)
    await expect(box).to_have_value(SAMPLE_FILES[kind], timeout=60_000)
    await settled(page)


def _answer(page: Page, heavy: HeavyFile) -> Locator:
    """Where the Lab's answer to `heavy` shows: its result's caption, or an error box naming the file."""
    if heavy.answer == TRAINED:
        shown = page.get_by_test_id("stCaptionContainer").filter(has_text=f"{CAP_ROWS} rows read")
    else:
        said = CAP_SAID if heavy.answer == CAPPED else STOPPED_SAID
        shown = page.get_by_test_id("stAlertContentError").filter(has_text=said)
    return shown.filter(has_text=heavy.path.name).first


async def upload_heavy(page: Page, frames: Frames, heavy: HeavyFile) -> Outcome:
    """Upload `heavy` through the current source's file picker; time it until the Lab's answer is on screen."""
    await _pick(page, "file", UPLOAD)
    uploader = page.get_by_test_id("stFileUploader")
    await uploader.wait_for(state="visible", timeout=60_000)
    start = time.perf_counter()
    await uploader.locator("input[type=file]").set_input_files(str(heavy.path))
    answer = _answer(page, heavy)
    refused = uploader.get_by_text("File must be")  # the page's own size check: the file never left it
    try:
        await answer.or_(refused).first.wait_for(state="visible", timeout=RESULT_WITHIN)
    except PlaywrightTimeout:
        problem = f"not {heavy.answer} within {RESULT_WITHIN / 1000:.0f} s; errors shown: {await _error_text(page)!r}"
        return Outcome(heavy.action, problem)
    if await refused.count():
        return Outcome(heavy.action, f"the page refused to upload it: {await refused.first.inner_text()!r}")
    seconds = time.perf_counter() - start
    said = " ".join((await answer.inner_text()).split()).replace(WORD_JOINER, "")
    await settled(page)
    place, waited = frames.queue(start)
    problem = "an exception was shown" if await page.get_by_test_id("stException").count() else None
    return Outcome(heavy.action, problem, said, seconds, place, waited, start)


async def heavy_uploads(
    page: Page, frames: Frames, link: str, until: float, files: Sequence[HeavyFile]
) -> list[Outcome]:
    """Upload `files` in turn (starting over after the last) until `until` (time.monotonic); what each led to.

    The page shows the Lab at `link`. After a step that went wrong the Lab is opened again by its link.
    """
    outcomes: list[Outcome] = []
    source = None
    step = 0
    while files and time.monotonic() < until:
        heavy = files[step % len(files)]
        step += 1
        try:
            if heavy.kind != source:
                await choose_source(page, heavy.kind)
                source = heavy.kind
            outcomes.append(await upload_heavy(page, frames, heavy))
        except Exception as error:  # reported, then the Lab is opened afresh
            outcomes.append(Outcome(heavy.action, f"{type(error).__name__}: {error}"))
        if outcomes[-1].problem:
            source = None
            await page.goto(link, wait_until="domcontentloaded", timeout=RESULT_WITHIN)
            await page.get_by_test_id("stMetricValue").first.wait_for(state="visible", timeout=RESULT_WITHIN)
            await settled(page)
    return outcomes
