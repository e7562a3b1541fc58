"""Objects against columns: the measurement compares like with like, and the outputs are checked equal."""

from __future__ import annotations

from course.explain import representations
from course.explain.representations import agreement, measure
from course.explain.source import source_of
from cq4ds.columnar import conform, to_passengers
from cq4ds.strategies.derive import derive_frame, derive_passenger


def _outputs(passenger_frame):
    passengers = to_passengers(passenger_frame)
    frame = conform(passenger_frame, "test").frame
    return passengers, [derive_passenger(p) for p in passengers], frame, derive_frame(frame)


def test_both_paths_are_measured_on_the_same_rows_and_agree():
    result = measure(1_000, seed=5)
    assert (result.rows, result.seed, result.repeats) == (1_000, 5, 5)
    assert result.agreement.identical
    assert result.agreement.compared_values == 1_000 * 15  # 12 fields and 3 derived attributes
    for cost in (result.objects, result.columns):
        assert cost.validate_seconds > 0 and cost.derive_seconds > 0
        assert cost.peak_bytes > 0 and cost.arrow_bytes >= 0
    assert result.objects.path == "objects" and result.columns.path == "columns"
    assert 0 < result.missing_ages < 1_000 and result.titles > 1


def test_another_seed_is_other_data():
    assert measure(1_000, seed=1).missing_ages != measure(1_000, seed=2).missing_ages


def test_agreement_notices_a_changed_field(passenger_frame):
    passengers, derived, frame, derived_columns = _outputs(passenger_frame)
    assert agreement(passengers, derived, frame, derived_columns).identical
    frame = frame.copy()
    frame.loc[3, "age"] = 99.5
    found = agreement(passengers, derived, frame, derived_columns)
    assert not found.identical and found.differing_fields == ("age",)


def test_agreement_notices_a_changed_derived_attribute_and_pid(passenger_frame):
    passengers, derived, frame, derived_columns = _outputs(passenger_frame)
    derived_columns = derived_columns.copy()
    derived_columns.loc[0, "title"] = "Captain"
    assert agreement(passengers, derived, frame, derived_columns).differing_fields == ("title",)
    reordered = frame.iloc[::-1].reset_index(drop=True)
    assert not agreement(passengers, derived, reordered, derived_columns).same_pids


def test_the_code_shown_is_readable():
    assert all(source_of(obj).text for obj in representations.code_objects())
