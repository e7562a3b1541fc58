# LESSON MATERIAL, DELIBERATELY BROKEN. This is NOT part of the cq4ds package and is not an
# example to copy. It is a tiny package laid out like cq4ds (domain, ports, adapters, use cases,
# UI, CLI) that breaks its own import contracts (lessons/broken/importlinter.toml) in two places:
#   - the domain imports pandas            (cq4ds_broken/domain/passenger.py)
#   - an adapter imports the UI            (cq4ds_broken/adapters/csv_source.py)
# The code runs: PYTHONPATH=lessons/broken python -m cq4ds_broken sample_data/titanic3.csv
# It is the architecture that is broken, and import-linter says so:
#   cd lessons/broken && lint-imports --config importlinter.toml
"""cq4ds_broken: survival rates by class, with two imports that break the dependency rule.

Layers, innermost first: domain -> ports -> adapters | usecases -> ui -> cli.
"""
