"""A value object: a fare, an amount of money in one currency.

A value object is known by what it holds, not by who it is: two fares of 7.25 GBP are the same fare,
and either can stand in for the other. It never changes once made; arithmetic returns new fares.
The rules it protects: an amount is a number of at least 0 kept to four decimal places (as the
passenger list records fares), its currency is a known code (GBP or USD), fares in different
currencies never mix, and a fare shared out adds back up to exactly the fare.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lessons.domain.errors import BrokenRule

CURRENCIES = ("GBP", "USD")  # the passenger list's fares are in pounds sterling
PLACES = Decimal("0.0001")  # fares are recorded to four decimal places: 7.2500, 71.2833


@dataclass(frozen=True, slots=True)
class Fare:
    """An amount of money in one currency: at least 0, to four decimal places."""

    amount: Decimal
    currency: str = "GBP"

    def __post_init__(self) -> None:
        amount = _decimal(self.amount)
        if amount < 0:
            raise BrokenRule(f"a fare of {amount} {self.currency} is negative", "a fare is 0 or more")
        if amount != amount.quantize(PLACES):
            raise BrokenRule(
                f"a fare of {amount} has more than four decimal places", "round it to the ten-thousandth, e.g. 7.2500"
            )
        if self.currency not in CURRENCIES:
            raise BrokenRule(
                f"currency {self.currency!r} is not one of {', '.join(CURRENCIES)}",
                "name the currency with its code, e.g. 'GBP'",
            )
        object.__setattr__(self, "amount", amount.quantize(PLACES))  # 7.25 and 7.2500 are the same fare

    def __add__(self, other: Fare) -> Fare:
        """The two fares together; only fares in the same currency add up."""
        if not isinstance(other, Fare):
            return NotImplemented
        if other.currency != self.currency:
            raise BrokenRule(
                f"cannot add {other} to {self}: the currencies differ",
                "convert one fare to the other's currency first, at a stated rate",
            )
        return Fare(self.amount + other.amount, self.currency)

    def split(self, ways: int) -> tuple[Fare, ...]:
        """Shares of this fare for `ways` people, as equal as money allows; they add up to exactly this fare."""
        if isinstance(ways, bool) or not isinstance(ways, int) or ways < 1:
            raise BrokenRule(f"cannot share a fare {ways!r} ways", "share it among 1 or more people")
        base, left = divmod(int(self.amount / PLACES), ways)  # in ten-thousandths: nothing is lost to rounding
        return tuple(Fare((base + (share < left)) * PLACES, self.currency) for share in range(ways))

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def _decimal(value: object) -> Decimal:
    """`value` as an exact decimal number (a float by its shortest text: 7.25, not 7.2500000000000001)."""
    if value is None:
        raise BrokenRule("the fare's amount is missing", "give the amount the ticket cost, e.g. 7.25")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise BrokenRule(f"a fare of {value!r} is not a number", "write the amount in digits, e.g. 7.25") from None
    if isinstance(value, bool) or not amount.is_finite():
        raise BrokenRule(f"a fare of {value!r} is not a number", "write the amount in digits, e.g. 7.25")
    return amount
