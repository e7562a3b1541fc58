"""cq4ds: a clean-architecture ML package for the Titanic survival example.

Five rings, outermost first. Each ring imports only the rings inside it:

1. Entry points: cli, __main__, reporting
   start a run from the command line and report its results as text or JSON.
2. Composition root: bootstrap, config_file, registry, contexts, extensions, grading, samples
   decides which concrete classes meet: configs (and their defaults) become wired pipelines.
3. Use cases: usecases
   what the application does (train and evaluate, score a batch), written against ports only.
4. Adapters and strategies: adapters, strategies
   the concrete parts behind the ports: files, databases, models, cleaning and features.
5. Ports and domain: ports, params, columnar, domain
   the roles the core talks to (typing.Protocols), the passengers and their rules.

The dependency rule is checked, not just drawn: the import-linter contracts in pyproject.toml
(`lint-imports`). The teaching code (the Streamlit app and `course/`) lives outside the package;
for cq4ds it is one more entry point.
"""
