# Two commands: `make run` starts the app on the bundled sample data; `make test` runs the whole suite.
# `make room` is `make run` for a workshop room (see README, "Running a room").
# Both set up .venv first (idempotent: reinstalls only when a requirements file changes).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: setup browser run room notebook test test-fast lint sample-data bench clean check check-setup exercise

setup: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	$(PY) -m pip install --disable-pip-version-check -q --no-deps -e .
	touch $(STAMP)

# Browser tests drive Debian's chromium (Playwright's own browser download cannot work offline).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "browser tests need chromium: sudo apt-get install -y chromium" >&2; exit 1; fi; }

# One native thread per computation: on a shared workshop server, sessions run side by side.
# With CQ4DS_ROOM=1 (or `make room`) the app runs a room: the instructor key is printed before the server starts
# (CQ4DS_INSTRUCTOR_KEY, else a key kept 0600 in the rooms folder: CQ4DS_ROOMS or ~/.local/share/cq4ds/rooms),
# and the server is serve.py: app.py's pages plus the route laptops report graded exercises to (POST /room/checks).
run: setup
	@if [ "$${CQ4DS_ROOM:-}" = 1 ]; then $(PY) -m course.room.place || exit 2; fi
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(VENV)/bin/streamlit run \
	  $$([ "$${CQ4DS_ROOM:-}" = 1 ] && echo serve.py || echo app.py) --server.port $(PORT)

# The workshop room: participants join from Start, the instructor watches the page "Room dashboard (instructors)".
room:
	CQ4DS_ROOM=1 $(MAKE) --no-print-directory run

# The shipped notebook in JupyterLab. JupyterLab is not a requirement: the first `make notebook` installs it
# into .venv (the one download), later runs find it and start offline. Nothing else is fetched: no update check,
# no news feed, no extension search. It listens on this machine only; run as root (a container), it adds the
# --allow-root JupyterLab otherwise asks for.
# Open the printed http://127.0.0.1:$(NOTEBOOK_PORT)/lab?token=... link; Ctrl+C stops it.
JUPYTERLAB    ?= jupyterlab==4.6.6
NOTEBOOK      := notebooks/titanic_in_a_notebook.ipynb
NOTEBOOK_PORT ?= 8888

notebook: setup
	@$(PY) -c "import jupyterlab" 2>/dev/null || { echo "installing $(JUPYTERLAB) into $(VENV) (first time only)"; \
	  $(PY) -m pip install --disable-pip-version-check -q "$(JUPYTERLAB)"; }
	$(VENV)/bin/jupyter lab $(NOTEBOOK) --ip 127.0.0.1 --port $(NOTEBOOK_PORT) --no-browser \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root) --LabApp.news_url=None \
	  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --LabApp.extension_manager=readonly

# The workshop: check the setup at 0:00, copy an exercise's starter into place, grade a component file.
# (Without make, e.g. on Windows: .venv\Scripts\python -m cq4ds check-setup | new-exercise N | check FILE.)
check-setup: setup
	$(PY) -m cq4ds check-setup --url http://localhost:$(PORT)

exercise: setup
	@test -n "$(N)" || { echo "usage: make exercise N=1   (exercises 1 to 5, see exercises/README.md)" >&2; exit 2; }
	$(PY) -m cq4ds new-exercise $(N)

check: setup
	@test -n "$(FILE)" || { echo "usage: make check FILE=exercises/your_file.py" >&2; exit 2; }
	$(PY) -m cq4ds check $(FILE)

test: setup browser
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not e2e"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# The recorded double (contexts.recorded) replays a frozen sample of the production source: record it again.
sample-data: setup
	$(PY) -m cq4ds sample-data --folder sample_data
	$(PY) -c "from cq4ds import contexts; contexts.record()"

bench: setup
	$(PY) bench/batch_scoring.py
	$(PY) bench/generator.py
	$(PY) bench/lab_rerun.py
	$(PY) bench/dataclasses_vs_frames.py
	$(PY) bench/room.py
	$(PY) bench/room.py --room --warm-up --rounds 2 --participants 60 --browsers 4 --minutes 2 --think 40 --stagger 1
	$(PY) bench/room.py --room --windows 15 --participants 60 --browsers 4 --minutes 8 --think 40 --stagger 1
	$(PY) bench/posts.py
	$(PY) bench/servers.py
	$(PY) bench/posting.py
	$(PY) bench/contention.py
	$(PY) bench/parts.py
	$(PY) bench/dashboard.py
	$(PY) bench/pacing.py
	$(PY) bench/uploads.py
	$(PY) bench/page_visits.py
	$(PY) bench/clean_vs_legacy.py

clean:
	rm -rf $(VENV) outputs models artifacts .pytest_cache .ruff_cache
