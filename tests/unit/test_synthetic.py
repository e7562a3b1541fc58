"""The synthetic passenger list: deterministic, streamable, valid and realistic."""

from __future__ import annotations

from itertools import islice

import pandas as pd
import pytest

from cq4ds.adapters.synthetic import BLOCK, SyntheticSource, generate
from cq4ds.columnar import conform
from cq4ds.domain import InvalidParameterError
from cq4ds.params import check_params, params_of


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    """20,000 generated passengers, checked against the schema."""
    return conform(generate(20_000, seed=7), "generated").frame


def test_the_same_seed_gives_the_same_passengers_and_another_seed_others() -> None:
    pd.testing.assert_frame_equal(generate(500, seed=1), generate(500, seed=1))
    assert not generate(500, seed=1)["name"].equals(generate(500, seed=2)["name"])


def test_the_first_rows_do_not_depend_on_how_many_are_made() -> None:
    pd.testing.assert_frame_equal(generate(1309, seed=4), generate(3000, seed=4).iloc[:1309])


def test_any_run_of_rows_can_be_made_on_its_own_even_across_blocks() -> None:
    whole = generate(BLOCK + 20, seed=5)
    part = generate(30, seed=5, start=BLOCK - 10)
    pd.testing.assert_frame_equal(part, whole.iloc[BLOCK - 10 :].reset_index(drop=True))
    assert part["pid"].tolist() == list(range(BLOCK - 9, BLOCK + 21))


def test_every_generated_passenger_is_valid_and_labelled(sample: pd.DataFrame) -> None:
    assert len(sample) == 20_000
    assert sample["pid"].tolist() == list(range(1, 20_001))
    assert sample["is_survived"].notna().all()


def test_ten_million_rows_stream_batch_by_batch() -> None:
    source = SyntheticSource(rows=10_000_000, seed=0)
    first = list(islice(source.read_batches(50_000), 3))
    assert [len(batch) for batch in first] == [50_000] * 3
    assert first[2]["pid"].iloc[-1] == 150_000


def test_batches_join_up_to_the_same_passengers_as_one_batch() -> None:
    source = SyntheticSource(rows=1000, seed=3)
    batches = list(source.read_batches(300))
    assert [len(batch) for batch in batches] == [300, 300, 300, 100]
    pd.testing.assert_frame_equal(pd.concat(batches, ignore_index=True), next(source.read_batches(1000)))


def test_rows_and_seed_are_checked_parameters() -> None:
    assert [info.name for info in params_of(SyntheticSource)] == ["rows", "seed"]
    with pytest.raises(InvalidParameterError, match="above"):
        check_params(SyntheticSource, {"rows": 20_000_000}, "synthetic")
    with pytest.raises(InvalidParameterError, match="below"):
        check_params(SyntheticSource, {"rows": 10}, "synthetic")


def rate(mask: pd.Series) -> float:
    return float(mask.mean())


def test_shares_of_class_sex_and_port_are_historical(sample: pd.DataFrame) -> None:
    classes = sample["pclass"].value_counts(normalize=True)
    assert classes[1] == pytest.approx(0.25, abs=0.02)
    assert classes[2] == pytest.approx(0.21, abs=0.02)
    assert classes[3] == pytest.approx(0.54, abs=0.02)
    assert rate(sample["sex"] == "male") == pytest.approx(0.64, abs=0.02)
    ports = sample["embarked"].value_counts(normalize=True)
    assert ports["S"] == pytest.approx(0.70, abs=0.03)
    assert ports["C"] == pytest.approx(0.20, abs=0.03)
    assert ports["Q"] == pytest.approx(0.10, abs=0.02)


def test_survival_follows_sex_class_and_age(sample: pd.DataFrame) -> None:
    survived = sample["is_survived"] == 1
    assert rate(survived) == pytest.approx(0.38, abs=0.03)
    assert rate(survived[sample["sex"] == "female"]) > 0.65
    assert rate(survived[sample["sex"] == "male"]) < 0.25
    by_class = survived.groupby(sample["pclass"]).mean()
    assert by_class[1] > by_class[2] > by_class[3]
    male = sample["sex"] == "male"
    assert rate(survived[male & (sample["age"] < 13)]) > rate(survived[male & (sample["age"] >= 18)]) + 0.2
    big_families = survived[sample["sibsp"] + sample["parch"] >= 5]
    assert rate(big_families) < rate(survived) - 0.1


def test_missing_values_are_where_they_were(sample: pd.DataFrame) -> None:
    assert rate(sample["age"].isna()) == pytest.approx(0.20, abs=0.02)
    missing_age = sample["age"].isna().groupby(sample["pclass"]).mean()
    assert missing_age[3] > missing_age[1] > missing_age[2]
    assert rate(sample["fare"].isna()) < 0.005
    assert 0 < rate(sample["embarked"].isna()) < 0.005
    cabins = sample["cabin"].notna().groupby(sample["pclass"]).mean()
    assert cabins[1] > 0.7 and cabins[2] < 0.15 and cabins[3] < 0.05


def test_ages_fares_and_families_look_like_the_list(sample: pd.DataFrame) -> None:
    ages = sample["age"].dropna()
    assert ages.min() < 1 and ages.max() <= 80
    assert rate(ages < 13) == pytest.approx(0.09, abs=0.03)
    babies = ages[ages < 1]
    assert babies.min() > 0 and ((babies * 12).round() / 12 - babies).abs().max() < 0.005  # in months: 0.42 is 5/12
    means = sample.groupby("pclass")["age"].mean()
    assert means[1] > means[2] > means[3]
    fares = sample.groupby("pclass")["fare"].median()
    assert fares[1] > 3 * fares[2] and fares[2] > fares[3]
    assert rate(sample["sibsp"] == 0) == pytest.approx(0.68, abs=0.04)
    assert rate(sample["parch"] == 0) == pytest.approx(0.77, abs=0.04)
    assert sample["sibsp"].max() >= 5
    assert sample["cabin"].dropna().str.fullmatch(r"[A-GT]\d+( [A-GT]\d+)*").all()


def test_titles_match_sex_and_age_and_rare_ones_are_rare(sample: pd.DataFrame) -> None:
    names = sample["name"]
    assert names.str.fullmatch(r"[A-Z][\w']+, [A-Z][a-z]+\. .+").all()
    title = names.str.extract(r", ([A-Za-z]+)\.")[0]
    assert set(title[sample["sex"] == "female"]) <= {"Mrs", "Miss", "Mlle", "Ms", "Mme", "Countess", "Dona", "Lady"}
    assert (sample.loc[title == "Master", "age"].dropna() < 14).all()
    assert (sample.loc[title == "Mr", "age"].dropna() >= 14).all()
    per_1309 = title.value_counts() * 1309 / len(sample)
    assert per_1309["Dr"] < 10 and per_1309["Rev"] < 10
    assert per_1309["Mr"] == pytest.approx(757, rel=0.1)
    assert {"Col", "Major", "Capt", "Countess", "Jonkheer"} <= set(title)
