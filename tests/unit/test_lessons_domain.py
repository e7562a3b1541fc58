"""The lesson's domain objects (lessons/domain/): each keeps its rule, and each rule fires in the package's style."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cq4ds.domain import DataError
from lessons.domain.errors import BrokenRule
from lessons.domain.fare import Fare
from lessons.domain.travel_group import TravelGroup, groups_from_rows
from lessons.domain.traveller import Traveller


def row(pid: int, ticket: str = "PC 17599", pclass: int = 1, fare: object = 71.2833, **facts: object) -> dict:
    return {
        "pid": pid,
        "name": f"Doe, Mr. John {pid}",
        "sex": None,
        "age": None,
        "cabin": None,
        "ticket": ticket,
        "pclass": pclass,
        "fare": fare,
        **facts,
    }


# Fare: a value object


def test_fares_are_equal_by_value_and_kept_to_four_places():
    assert Fare(7.25) == Fare(Decimal("7.2500")) == Fare("7.25", "GBP")
    assert hash(Fare(7.25)) == hash(Fare("7.2500"))
    assert Fare(7.25) != Fare(7.25, "USD")
    assert str(Fare(7.25)) == "7.2500 GBP"


@pytest.mark.parametrize(
    ("amount", "currency", "problem"),
    [
        (-1, "GBP", "is negative"),
        ("7.123456", "GBP", "more than four decimal places"),
        ("seven", "GBP", "is not a number"),
        (float("nan"), "GBP", "is not a number"),
        (None, "GBP", "amount is missing"),
        (7.25, "EUR", "'EUR' is not one of GBP, USD"),
    ],
)
def test_a_fare_refuses_what_is_not_money(amount, currency, problem):
    with pytest.raises(BrokenRule, match=problem) as raised:
        Fare(amount, currency)
    assert raised.value.fix  # the package's style: the problem and the fix


def test_fares_in_one_currency_add_up_and_two_currencies_never_mix():
    assert Fare(7.25) + Fare("0.75") == Fare(8)
    with pytest.raises(BrokenRule, match="currencies differ"):
        Fare(7.25) + Fare(7.25, "USD")


@pytest.mark.parametrize("ways", [1, 2, 3, 7, 11])
def test_a_shared_fare_adds_back_up_to_exactly_the_fare(ways):
    fare = Fare("71.2833")
    shares = fare.split(ways)
    assert len(shares) == ways and sum(shares, Fare(0)) == fare
    assert max(s.amount for s in shares) - min(s.amount for s in shares) <= Decimal("0.0001")


@pytest.mark.parametrize("ways", [0, -2, 1.5, True])
def test_a_fare_is_shared_among_one_or_more(ways):
    with pytest.raises(BrokenRule, match="cannot share"):
        Fare(10).split(ways)


# Traveller: an entity


def test_a_traveller_is_known_by_the_pid_alone():
    first, again = Traveller(5, "Doe, Mr. John", sex="male"), Traveller(5, "Doe, Mr. John", age=30.0)
    assert first == again and len({first, again}) == 1
    assert first != Traveller(6, "Doe, Mr. John", sex="male")


def test_a_later_record_fills_in_what_was_unknown():
    traveller = Traveller(5, "Doe, Mr. John", sex="male")
    assert traveller.learn(Traveller(5, "Doe, Mr. John", age=30.0, cabin="C85")) == ("age", "cabin")
    assert (traveller.sex, traveller.age, traveller.cabin) == ("male", 30.0, "C85")


def test_a_later_record_never_silently_contradicts_a_known_fact():
    traveller = Traveller(5, "Doe, Mr. John", sex="male")
    with pytest.raises(BrokenRule, match="sex is known to be 'male', a later record says 'female'"):
        traveller.learn(Traveller(5, "Doe, Mr. John", sex="female", age=30.0))
    assert traveller.age is None  # nothing was taken in from the refused record


def test_a_record_of_another_traveller_is_refused():
    with pytest.raises(BrokenRule, match="record of traveller 6 cannot update traveller 5"):
        Traveller(5, "Doe, Mr. John").learn(Traveller(6, "Doe, Mr. John"))


def test_the_identity_never_changes():
    traveller = Traveller(5, "Doe, Mr. John")
    with pytest.raises(BrokenRule, match="the pid cannot change"):
        traveller.pid = 6
    assert traveller.pid == 5


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"pid": -1}, "not a whole number of at least 0"),
        ({"pid": True}, "not a whole number of at least 0"),
        ({"name": ""}, "name is '', not text"),
        ({"name": None}, "name is missing"),
        ({"sex": "M"}, "sex is 'M', not one of 'female', 'male'"),
        ({"age": -0.5}, "age is -0.5, not an age of 0 or more"),
        ({"age": float("nan")}, "not an age of 0 or more"),
    ],
)
def test_a_traveller_refuses_impossible_facts(fields, problem):
    with pytest.raises(BrokenRule, match=problem):
        Traveller(**{"pid": 5, "name": "Doe, Mr. John", **fields})


def test_facts_are_checked_when_they_change_too():
    traveller = Traveller(5, "Doe, Mr. John")
    with pytest.raises(BrokenRule, match="age is -3"):
        traveller.age = -3


# TravelGroup: an aggregate


def group() -> TravelGroup:
    founded = TravelGroup("PC 17599", 1, Fare("71.2833"))
    founded.join(Traveller(1, "Doe, Mr. John"), pclass=1, fare=Fare("71.2833"))
    return founded


def test_travellers_on_one_ticket_share_its_fare_exactly():
    party = group()
    party.join(Traveller(2, "Doe, Mrs. Jane"), pclass=1, fare=Fare("71.2833"))
    party.join(Traveller(3, "Doe, Miss. Ann"), pclass=1, fare=Fare("71.2833"))
    assert [t.pid for t in party.members] == [1, 2, 3]
    shares = party.shares()
    assert list(shares) == [1, 2, 3] and sum(shares.values(), Fare(0)) == party.fare


@pytest.mark.parametrize(
    ("pid", "pclass", "fare", "problem"),
    [
        (2, 3, "71.2833", "travels in class 3, but ticket PC 17599 is a class 1 ticket"),
        (2, 1, "7.25", "cost 7.2500 GBP, the group's rows say 71.2833 GBP"),
        (1, 1, "71.2833", "traveller 1 is already in the group"),
    ],
)
def test_the_group_refuses_a_member_who_breaks_its_rules(pid, pclass, fare, problem):
    party = group()
    with pytest.raises(BrokenRule, match=problem):
        party.join(Traveller(pid, "Doe, Mrs. Jane"), pclass=pclass, fare=Fare(fare))
    assert [t.pid for t in party.members] == [1]  # a refused join changes nothing


@pytest.mark.parametrize(
    ("ticket", "pclass", "fare", "problem"),
    [
        (" ", 1, Fare(1), "not a ticket number"),
        ("A/5 1", 4, Fare(1), "class 4 is not 1, 2 or 3"),
        ("A/5 1", 1, 7.25, "is not a Fare"),
    ],
)
def test_a_group_needs_a_ticket_a_class_and_a_fare(ticket, pclass, fare, problem):
    with pytest.raises(BrokenRule, match=problem):
        TravelGroup(ticket, pclass, fare)


def test_the_factory_builds_groups_and_sets_aside_the_rows_that_break_them():
    rows = [
        row(1),
        row(2, sex="female"),
        row(3, ticket="A/5 21171", pclass=3, fare=7.25),
        row(4, pclass=3),
        row(5, ticket="113803", fare=float("nan")),
        row(6, ticket="113803", fare=53.1, age=float("nan")),
    ]
    groups, refused = groups_from_rows(rows)
    assert {ticket: [t.pid for t in g.members] for ticket, g in groups.items()} == {
        "PC 17599": [1, 2],
        "A/5 21171": [3],
        "113803": [6],
    }
    assert [str(r).split(".")[0] for r in refused] == [
        "traveller 4 travels in class 3, but ticket PC 17599 is a class 1 ticket",
        "the fare's amount is missing",
    ]
    assert groups["113803"].members[0].age is None  # NaN, as a table holds a missing value, is unknown


def test_every_rule_speaks_the_packages_language():
    assert issubclass(BrokenRule, DataError)
    with pytest.raises(DataError) as raised:
        Fare(-1)
    assert str(raised.value) == f"{raised.value.problem}. Fix: {raised.value.fix}"
