"""Links carry a composition: short, readable, round-tripping, and never a private path."""

from __future__ import annotations

import pytest

from course.ui.links import from_query, to_query
from cq4ds.config_file import apply_overrides, load_config
from cq4ds.domain import ConfigError
from cq4ds.registry import Registry

REGISTRY = Registry()
DEFAULTS = REGISTRY.check(load_config("configs/notebook.toml"))


def test_the_default_composition_is_an_empty_link():
    assert to_query(DEFAULTS, DEFAULTS, REGISTRY) == {}
    assert from_query({}, DEFAULTS, REGISTRY) == DEFAULTS


def test_changes_round_trip_through_the_link():
    config = REGISTRY.check(apply_overrides(DEFAULTS, [
        "model.kind=random_forest", "model.params.n_estimators=300", "features.params.fix_is_alone=true",
        "source.kind=csv", 'source.params.path="sample_data/kaggle_train.csv"', "on_invalid=quarantine",
    ]))
    query = to_query(config, DEFAULTS, REGISTRY)
    assert query == {
        "source": "csv", "source.path": "sample_data/kaggle_train.csv", "features.fix_is_alone": "true",
        "model": "random_forest", "model.n_estimators": "300", "on_invalid": "quarantine",
    }
    assert from_query(query, DEFAULTS, REGISTRY) == config


def test_private_paths_never_enter_a_link():
    config = REGISTRY.check(apply_overrides(DEFAULTS, ["source.kind=csv", 'source.params.path="/tmp/x/upload.csv"']))
    assert "source.path" not in to_query(config, DEFAULTS, REGISTRY)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"model": "xgboost"}, "unknown kind 'xgboost'"),
        ({"model.C": "-3"}, "below"),
        ({"model.C": "lots"}, "parameter 'C' is 'lots'"),
        ({"model.C": "NaN"}, "parameter 'C' is 'NaN', not a finite number. Fix: use a value from 0.001 to 1000"),
        ({"model.C": "-inf"}, "parameter 'C' is '-inf', not a finite number"),
        ({"split.test_size": "nan"}, "parameter 'test_size' is 'nan', not a finite number"),
        ({"model": "gradient_boosting", "model.learning_rate": "NaN"}, "parameter 'learning_rate' is 'NaN'"),
        ({"model": "random_forest", "model.n_estimators": "Infinity"}, "parameter 'n_estimators' is 'Infinity'"),
        ({"modle": "knn"}, "unknown entry 'modle'"),
        ({"source": "csv", "source.path": "/etc/passwd"}, "links may only name files in sample_data/"),
        ({"source": "csv", "source.path": "sample_data/../../etc/passwd"}, "links may only name files"),
    ],
)
def test_bad_links_are_explained(query, message):
    with pytest.raises(ConfigError) as caught:
        from_query(query, DEFAULTS, REGISTRY)
    assert message in str(caught.value) and "Fix:" in str(caught.value)


def test_a_link_through_a_link_in_sample_data_pointing_out_is_refused(tmp_path, monkeypatch):
    (tmp_path / "sample_data").mkdir()
    (tmp_path / "secret.txt").write_text("TOP-SECRET\n")
    (tmp_path / "sample_data" / "escape.csv").symlink_to(tmp_path / "secret.txt")
    monkeypatch.chdir(tmp_path)
    query = {"source": "csv", "source.path": "sample_data/escape.csv"}
    with pytest.raises(ConfigError) as caught:
        from_query(query, DEFAULTS, REGISTRY)
    message = str(caught.value)
    assert message == (
        "the link's source.path 'sample_data/escape.csv' is not a file in sample_data/. "
        "Fix: links may only name files in sample_data/"
    )
    assert "TOP-SECRET" not in message
    escaping = ["source.kind=csv", 'source.params.path="sample_data/escape.csv"']
    linked = REGISTRY.check(apply_overrides(DEFAULTS, escaping))
    assert "source.path" not in to_query(linked, DEFAULTS, REGISTRY)


def test_a_link_never_carries_or_opens_an_upload(tmp_path):
    upload = tmp_path / "cq4ds-server-x" / "session-y" / "uploads" / "0123456789abcdef.csv"
    with pytest.raises(ConfigError, match="links may only name files in sample_data/"):
        from_query({"source": "csv", "source.path": str(upload)}, DEFAULTS, REGISTRY)
    sneaky = f"sample_data/../{upload.relative_to(tmp_path)}"
    with pytest.raises(ConfigError, match="links may only name files in sample_data/"):
        from_query({"source": "csv", "source.path": sneaky}, DEFAULTS, REGISTRY)
