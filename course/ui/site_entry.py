"""What one page of the app is (`PageEntry`): its script, title and address, and its place in the course."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Audience = Literal["course", "reference", "instructors"]


@dataclass(frozen=True)
class PageEntry:
    """One page: its script in pages/, its title and its address, and its place in the course.

    The address is the script's file name: a fresh server treats pages/ as an old-style multipage
    app until app.py first runs, and only then can a deep link find its page (see ui.frame.routed).
    `learn` and `minutes` are the page's line in the Start page's syllabus. Only "course" pages are
    steps of the newcomer's path (`site.course_order`); the glossary is a reference, and a page for
    instructors stays in the navigation without being a step.
    """

    script: str
    title: str
    url_path: str
    learn: str = ""  # one line: what you will learn there
    minutes: int = 0  # about how long it takes
    audience: Audience = "course"
    taught_in: tuple[str, ...] = ()  # the talk pages (scripts) where the page's ideas were taught
    metrics: bool = False  # shows numbers computed on the bundled (generated) passengers
