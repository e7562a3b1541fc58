"""Configs are plain TOML data: they round-trip, and mistakes are reported with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from cq4ds.config_file import apply_overrides, default_config, dump_config, load_config, parse_config
from cq4ds.domain import ComponentSpec, ConfigError

CONFIGS = sorted(Path("configs").glob("*.toml"))


@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_every_shipped_config_round_trips(path):
    config = load_config(path)
    assert parse_config(dump_config(config)) == config


def test_specs_are_frozen_and_hashable():
    spec = ComponentSpec("knn", {"n_neighbors": 3, "tags": ["a", "b"]})
    assert spec.options == {"n_neighbors": 3, "tags": ("a", "b")}
    assert hash(default_config(spec)) == hash(
        default_config(ComponentSpec("knn", {"tags": ("a", "b"), "n_neighbors": 3}))
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[source\nkind='x'", "is not valid TOML"),
        ("[model]\nkind='knn'", "has no [source] table"),
        ("[source]\nkind='csv'\n[modle]\nkind='knn'", "unknown key(s) modle"),
        ("[source]\npath='x'", "[source] needs a kind"),
        ("[source]\nkind='csv'\npath='x'", "may hold only kind and params"),
        ("on_invalid='ignore'\n[source]\nkind='csv'", "on_invalid is 'ignore'"),
    ],
)
def test_config_mistakes_are_explained(text, message):
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "my.toml")
    assert message in str(caught.value)
    assert "Fix:" in str(caught.value)


def test_missing_config_file():
    with pytest.raises(ConfigError, match="does not exist"):
        load_config("nope.toml")


def test_overrides_change_kinds_params_and_policy():
    config = load_config("configs/notebook.toml")
    changed = apply_overrides(
        config, ["model.kind=random_forest", "model.params.n_estimators=50", "on_invalid=quarantine"]
    )
    assert changed.model == ComponentSpec("random_forest", {"n_estimators": 50})
    assert changed.on_invalid == "quarantine"
    assert changed.source == config.source
    same_kind = apply_overrides(config, ["model.kind=logistic_regression", "model.params.C=0.5"])
    assert same_kind.model.options["C"] == 0.5 and same_kind.model.options["max_iter"] == 100
    with pytest.raises(ConfigError, match=r"cannot apply 'models\.kind=x'"):
        apply_overrides(config, ["models.kind=x"])
