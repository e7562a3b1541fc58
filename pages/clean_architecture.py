"""Clean Architecture in production: the dependency rule checked by a machine, and one core behind many hosts."""

import streamlit as st

from course.ui import concept, contracts, hosts, predictions

concept.header(
    "Clean Architecture in production",
    "Keep the business rules in the middle and everything that touches the outside world around them, with "
    "every import pointing inwards. Then whatever starts the pipeline in production, a command line, a "
    "scheduler, a notebook or a web app, is a thin outer shell, and replacing it never touches the core.",
    "sourced",
)
st.caption(
    "[R] The author's post on Clean Architecture in data science: infrastructure plugs into the outer layer, so "
    "a team can ship before committing to an MLOps platform; every experiment or deployment is its own context "
    "around the same core. [I] Treating production hosts (a scheduler, a web handler) as more such contexts is "
    "our reading of the talk, not a quote."
)

contracts.show_legacy(
    "The legacy script has a single layer. Its first lines import the database driver, pandas and scikit-learn "
    "side by side and point a pickle cache at a folder in the repository; below them, the connection, the "
    "features, the model and the tests all run at module level. Nothing stops feature code from reaching for "
    "the database, and there is no seam to call the pipeline from anywhere else: to retrain it nightly you "
    "copy the file and edit its paths; to serve it in an app you copy it again."
)

concept.move(
    "Name the layers and turn them into rules a machine checks. `cq4ds/__init__.py` draws five rings, outermost "
    "first, and `pyproject.toml` encodes them as **import-linter contracts**: each ring imports only the rings "
    "inside it; the domain imports nothing outward; the package imports nothing from the app's teaching code, "
    "streamlit or plotly. The test suite "
    "runs them, so an import that points the wrong way fails the build like a failing test.\n\n"
    "Production infrastructure then lives in the outermost ring. A **host** builds the pipeline through the "
    "composition root (`build_pipeline`, or a context such as `contexts.notebook`) and calls the use case. "
    "Moving from cron to Airflow, or from a notebook to a web app, rewrites a host and nothing else."
)

concept.demo("Live demo 1: the package by layer, its contracts checked now")
st.write(
    "The boxes and layers come from the `layers` contract of the chosen config, read with `tomllib`; every arrow "
    "is a real import found by grimp in the code on disk; the verdicts come from import-linter, run on that "
    "config in a separate Python process. The broken example is a tiny package in `lessons/broken/`, laid out "
    "like cq4ds, with two imports that break its own contracts."
)
predictions.clean_architecture()
contracts.package_view()

concept.demo("Live demo 2: one use case, four hosts")
st.write(
    "Each host below is real outer code: the package's CLI, a nightly job in `lessons/hosts/`, a notebook cell "
    "and the Lab's own `run`, each run on the notebook recipe (`configs/notebook.toml`). A host's first run "
    "on this server is shown to everyone who opens the page; **Run this host again** runs it now, for you "
    "alone. Only the outer code differs; the marked call into the core is the same, and so are the metrics."
)
hosts.host_view()

concept.try_this(
    "Switch to **the broken example** and follow the red arrows: `adapters` points *up* to `ui`, and the domain "
    "points out to pandas. Open `cq4ds_broken.domain` into its modules to see which file does it.",
    "Notice that **Ports depend only on the domain** is broken too, although `ports.py` never mentions pandas. "
    "The chain runs ports → domain → domain.passenger → pandas: a leak in the innermost layer reaches everything "
    "that depends on it.",
    "On the real package, open `course.ui` or `cq4ds.adapters` into modules: every arrow still points down.",
    "Run all four hosts. The CLI starts a new Python process, the nightly job writes a dated report and a signed "
    "model into this session's folder, the notebook cell first builds 1309 `Passenger` objects. The five "
    "numbers in the table do not move.",
)

concept.check_yourself("clean_architecture")

concept.where_in_code(*hosts.code_objects())
hosts.outer_code(("cq4ds.cli", "cmd_run"), ("cq4ds.cli", "main"), ("course.ui.runs", "run"))
