"""A newcomer can follow the course by its links alone: Start → talk pages 1 to 12 → Lab → questions → workshop.

One AppTest session walks the whole path by following only the "Next" links (each page once, to keep the
suite fast); the other checks read what that walk saw.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from course.explain import glossary
from course.ui import path, progress, site, synthetic
from tests.ui import helpers
from tests.ui.helpers import ROOT

CHECK_QUESTION = re.compile(r"\.q\d+$")  # the keys of concept.check_yourself's radios
PASSENGER_RESULTS = re.compile(r"accuracy|precision|recall|\bF1\b|ROC AUC|surviv|passengers|probability", re.I)
PROSE = ("markdown", "caption", "title", "header", "subheader", "text", "info", "success", "warning", "error")


@dataclass(frozen=True)
class Seen:
    """What one page of the walk showed."""

    script: str
    title: str
    prose: str  # every text a reader reads, without the links' labels
    links: tuple[tuple[str, str, str, str], ...]  # label, page (address), query string, icon
    metrics: tuple[str, ...]  # the metric cards' labels
    infos: tuple[str, ...]
    check_questions: tuple[str, ...]  # the keys of the page's "check yourself" radios
    errors: tuple[str, ...]


def _prose(node: Any, found: list[str]) -> list[str]:
    kind = getattr(node, "type", None)
    if kind in PROSE:
        found.append(str(node.value))
    elif kind == "expandable":
        found.append(str(node.label))
    elif kind == "radio":
        found += [node.label, *map(str, node.options)]
    for child in getattr(node, "children", {}).values():
        _prose(child, found)
    return found


def _seen(at: AppTest, script: str) -> Seen:
    helpers.assert_no_exception(at)
    return Seen(
        script=script,
        title=at.title[0].value if at.title else "",
        prose="\n".join(_prose(at._tree, [])),
        links=tuple(
            (link.proto.label, link.proto.page, link.proto.query_string, link.proto.icon)
            for link in at.get("page_link")
        ),
        metrics=tuple(metric.label for metric in at.metric),
        infos=tuple(info.value for info in at.info),
        check_questions=tuple(radio.key for radio in at.radio if CHECK_QUESTION.search(radio.key or "")),
        errors=tuple(helpers.errors(at)),
    )


def _script(address: str) -> str:
    """The script of the page a link's address names ("" is the default page)."""
    return site.at_address(address).script


def _labelled(seen: Seen, prefix: str) -> list[tuple[str, str, str, str]]:
    return [link for link in seen.links if link[0].startswith(prefix)]


@dataclass(frozen=True)
class Walk:
    path: tuple[Seen, ...]  # the pages reached by "Next" links, from Start
    instructors: Seen
    glossary: Seen  # opened with ?term=port


@pytest.fixture(scope="module")
def walk(tmp_path_factory) -> Walk:
    """Open the app, then follow the one "Next" link of each page until a page has none."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        helpers.fresh_process_state(tmp_path_factory.mktemp("walk"), monkeypatch)
        at = helpers.open_app()
        seen = [_seen(at, site.DEFAULT_PAGE)]
        for _ in site.course_order():
            following = _labelled(seen[-1], "Next:")
            if not following:
                break
            assert len(following) == 1, (seen[-1].script, following)
            target = _script(following[0][1])
            at.switch_page(target).run()
            seen.append(_seen(at, target))
        at.switch_page("pages/workshop_links.py").run()
        instructors = _seen(at, "pages/workshop_links.py")
        at.query_params["term"] = "port"
        at.switch_page("pages/glossary.py").run()
        return Walk(tuple(seen), instructors, _seen(at, "pages/glossary.py"))


def test_next_links_alone_lead_from_start_through_the_whole_course_in_order(walk):
    assert [seen.script for seen in walk.path] == [entry.script for entry in site.course_order()]
    assert [entry.url_path for entry in site.course_order()][:1] == ["start"]
    assert [entry.script for entry in site.course_order()][-6:] == [
        "pages/lab.py",
        "pages/q_dataclasses.py",
        "pages/q_many_features.py",
        "pages/q_warehouse.py",
        "pages/q_chained_cleaning.py",
        "pages/workshop_grader.py",
    ]
    for seen in walk.path:
        assert seen.title, f"{seen.script} shows no title"
        assert not seen.errors, (seen.script, seen.errors)
    (end,) = _labelled(walk.path[-1], path.END)
    assert _script(end[1]) == site.DEFAULT_PAGE


def test_previous_links_mirror_the_next_links(walk):
    assert not _labelled(walk.path[0], "← Previous:")
    for before, page in zip(walk.path, walk.path[1:], strict=False):
        (previous,) = _labelled(page, "← Previous:")
        assert _script(previous[1]) == before.script, page.script
        assert previous[0] == path.PREVIOUS.format(site.entry(before.script).title)


def test_the_lab_and_the_questions_link_back_to_where_their_ideas_were_taught(walk):
    talk = {entry.script for entry in site.SECTIONS["The talk"]}
    for seen in walk.path:
        entry = site.entry(seen.script)
        if entry.script == "pages/lab.py" or entry.script in {
            e.script for e in site.SECTIONS["Questions from the audience"]
        }:
            assert entry.taught_in, f"{entry.script} names no talk page where its ideas were taught"
        assert set(entry.taught_in) <= talk
        shown = [link for link in seen.links if link[3] == ":material/school:"]
        assert [_script(link[1]) for link in shown] == list(entry.taught_in), seen.script


def test_the_instructors_pages_stay_in_the_workshop_section_but_off_the_path(walk):
    found = [entry for entry in site.entries() if entry.audience == "instructors"]
    assert [entry.script for entry in found] == ["pages/workshop_links.py", "pages/instructors_room.py"]
    start = walk.path[0]
    syllabus = {_script(link[1]) for link in start.links}
    for instructors in found:
        assert instructors in site.SECTIONS["Workshop"] and "instructors" in instructors.title
        assert instructors not in site.course_order()
        assert instructors.script not in syllabus
    assert not _labelled(walk.instructors, "Next:") and not _labelled(walk.instructors, "← Previous:")
    assert "This page is for instructors" in walk.instructors.prose


def test_the_start_page_is_the_syllabus(walk):
    start = walk.path[0]
    linked = [_script(link[1]) for link in start.links if link[3] in (path.VISITED_ICON, path.UNVISITED_ICON)]
    assert linked == [entry.script for entry in site.course_order()][1:]
    for entry in site.course_order()[1:]:
        assert entry.learn and entry.learn in start.prose, entry.script
        assert entry.minutes > 0
    assert f"{sum(entry.minutes for entry in site.course_order()[1:])} minutes" in start.prose


def test_every_glossary_example_resolves_to_a_real_object():
    for term in glossary.TERMS:
        assert (ROOT / term.file).is_file(), term
        if term.file.endswith(".toml"):
            table = term.example.strip("[]").split(".")
            config: Any = tomllib.loads((ROOT / term.file).read_text(encoding="utf-8"))
            for key in table:
                config = config[key]
            assert config["contracts"], term
        else:
            module = importlib.import_module(Path(term.file).with_suffix("").as_posix().replace("/", "."))
            found: Any = module
            for part in term.example.split("."):
                found = getattr(found, part)
            assert found is not None
        shown = glossary.example(term)
        assert shown.path == term.file and term.example.split(".")[-1].strip("[]") in shown.text, term


def test_every_term_is_used_and_linked_on_its_first_page(walk):
    seen = {page.script: page for page in walk.path}
    assert len({term.slug for term in glossary.TERMS}) == len(glossary.TERMS)
    for term in glossary.TERMS:
        assert term.first_page in seen, f"{term.name}: {term.first_page} is not on the course's path"
        page = seen[term.first_page]
        assert glossary.mentions(page.prose, term), f"{term.first_page} does not say {term.words}"
        links = [link for link in page.links if link[1] == "glossary" and link[2] == f"term={term.slug}"]
        assert links, f"{term.first_page} does not link {term.name} to the glossary"


def test_the_glossary_lists_every_term_and_opens_on_the_one_asked_for(walk):
    shown = walk.glossary
    assert shown.title == "Glossary" and not shown.errors
    for term in glossary.TERMS:
        assert term.definition in shown.prose and term.file in shown.prose, term.name
    assert "You asked about" in shown.prose
    assert shown.prose.index("You asked about") < shown.prose.index(glossary.term("port").definition)


def test_the_check_questions_counted_for_progress_are_those_the_pages_ask(walk):
    asked = [key for seen in walk.path for key in seen.check_questions]
    assert len(asked) == len(set(asked)) == progress.check_questions()


def test_the_synthetic_notice_shows_on_start_and_on_every_page_with_results_on_the_passengers(walk):
    assert synthetic.NOTICE in walk.path[0].infos
    for seen in walk.path:
        entry = site.entry(seen.script)
        if any(PASSENGER_RESULTS.search(label) for label in seen.metrics):
            assert entry.metrics, f"{seen.script} shows {seen.metrics}: mark it `metrics=True` in course.ui.site"
        if entry.metrics:
            assert synthetic.NOTICE in seen.infos, f"{seen.script} shows results but not the synthetic notice"


def _sidebar_progress(at: AppTest) -> str:
    (line,) = [caption.value for caption in at.sidebar.caption if "course pages visited" in caption.value]
    return line


def _answer_right(at: AppTest, key: str) -> None:
    radio = at.radio(key=key)
    for option in radio.options:
        at.radio(key=key).set_value(option).run()
        if any(success.value.startswith("Right.") for success in at.success):
            return
    raise AssertionError(f"no option of {key} is right")


def test_progress_counts_this_sessions_pages_and_right_answers_and_only_this_sessions(tmp_path, monkeypatch):
    helpers.fresh_process_state(tmp_path, monkeypatch)
    pages, questions = len(site.course_order()), progress.check_questions()
    at = helpers.open_app()
    assert _sidebar_progress(at).startswith(
        f"1 of {pages} course pages visited · 0 of {questions} check questions right"
    )
    at.switch_page("pages/tech_debt.py").run()
    _answer_right(at, "tech_debt.q1")
    helpers.assert_no_exception(at)
    assert _sidebar_progress(at).startswith(
        f"2 of {pages} course pages visited · 1 of {questions} check questions right"
    )

    at.switch_page(site.DEFAULT_PAGE).run()
    icons = {
        _script(link.proto.page): link.proto.icon
        for link in at.get("page_link")
        if link.proto.icon in (path.VISITED_ICON, path.UNVISITED_ICON)
    }
    assert icons["pages/tech_debt.py"] == path.VISITED_ICON
    assert {script for script, icon in icons.items() if icon == path.VISITED_ICON} == {"pages/tech_debt.py"}
    assert _sidebar_progress(at).startswith(f"2 of {pages} course pages visited · 1 of {questions}")

    other = helpers.open_app()  # another browser: its own session, only its own visit to Start
    assert _sidebar_progress(other).startswith(
        f"1 of {pages} course pages visited · 0 of {questions} check questions right"
    )
