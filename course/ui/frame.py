"""The app's frame: page settings, navigation and the one error boundary, shared by app.py and by every page.

app.py runs `navigation().run()`: the page the address asks for, inside `guarded`. A user error (a
`Cq4dsError`) that a page did not catch shows its own one-line message; any other exception is a bug:
its traceback goes to the server log under a short incident id, and the visitor sees only that id,
never the exception's text (it may hold server paths). `client.showErrorDetails = "none"` in
.streamlit/config.toml hides what escapes before the boundary (a widget callback, the page settings).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st
from streamlit.errors import FragmentHandledException
from streamlit.navigation.page import StreamlitPage
from streamlit.runtime.pages_manager import PagesManager

from course.ui import notices, path, room_member, room_pacing
from course.ui.site import DEFAULT_PAGE, SECTIONS, at_address
from cq4ds.domain import Cq4dsError

LOG = logging.getLogger(__name__)
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
INCIDENT = (
    "Something went wrong on our side (incident {incident}). The page keeps working: change an input or "
    "reload the page. If it happens again, tell your instructor the incident id."
)


def guarded(run: Callable[[], object], where: str) -> None:
    """Call `run`; a `Cq4dsError` it raises shows its one-line message, any other exception an incident id.

    Streamlit's control flow (`st.rerun`, `st.stop`, `st.switch_page`) raises BaseExceptions, which pass
    through untouched, as does an error a fragment has already shown.
    """
    try:
        run()
    except FragmentHandledException:
        raise
    except Cq4dsError as error:
        notices.error(error)
    except Exception as error:
        incident = secrets.token_hex(3)
        _server_log().error("incident %s on %s: unexpected %s", incident, where, type(error).__name__, exc_info=error)
        st.error(INCIDENT.format(incident=incident))


def _server_log() -> logging.Logger:
    """The log the server's console shows: ours, with a handler when nobody has configured logging."""
    if not LOG.handlers and not logging.getLogger().handlers:  # else Python prints the bare message only
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        LOG.addHandler(handler)
    return LOG


@dataclass(frozen=True)
class Navigation:
    """The page the address asks for; `run()` runs it inside the app's error boundary."""

    page: StreamlitPage

    def run(self) -> None:
        """Run the page (once per run of app.py, as `StreamlitPage.run`), then its place in the course.

        In room mode the session first notes which page this is, and tells the room of the visit once the page
        is drawn (see course.ui.room_member); a page the room's pacing has not opened yet shows as coming up
        instead (see course.ui.room_pacing).
        """
        where = f"page '{self.page.url_path or DEFAULT_PAGE}'"
        entry = at_address(self.page.url_path)
        paced = room_pacing.waiting(entry.script)
        guarded(lambda: room_member.arrive(entry.script, reached=not paced), where)
        guarded(lambda: room_pacing.banner(entry.script), where)
        guarded((lambda: room_pacing.coming_up(entry)) if paced else self.page.run, where)
        if not paced:
            guarded(lambda: room_member.reached(entry.script), where)
        guarded(lambda: path.page_end(self.page.url_path), where)


def _pages() -> StreamlitPage:
    st.set_page_config(page_title="cq4ds: Clean Architecture for ML", page_icon="🚢", layout="wide")
    pages = {
        section: [
            st.Page(
                page.script,
                title=page.title,
                url_path=page.url_path,
                default=page.script == DEFAULT_PAGE,
                icon=room_pacing.icon(page.script),
            )
            for page in entries
        ]
        for section, entries in SECTIONS.items()
    }
    return st.navigation(pages)


def navigation() -> Navigation:
    """Set the page settings and the sidebar navigation; return the page the address asks for, guarded.

    In room mode a reloaded session first finds its room again, and reads how far the room's course is open.
    """
    guarded(room_member.rejoin, "the room")
    guarded(room_pacing.refresh, "the room")
    return Navigation(_pages())


def routed() -> None:
    """Give the page the app's frame even when Streamlit ran it on its own.

    Streamlit treats a `pages/` folder as an old-style multipage app until some session has run
    `st.navigation`: on a fresh server a link like /lab runs pages/lab.py by itself, without
    app.py. Setting up the navigation switches that mode off; the page then hands over to the same
    page under the navigation, with the link's query, so that its widgets get the ids every later
    run uses and the visitor's first input is not lost.
    """
    if PagesManager.uses_pages_directory:
        st.switch_page(_pages(), query_params=st.query_params.to_dict())
