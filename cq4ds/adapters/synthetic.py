"""Synthetic passengers modelled on the historical 1309-passenger list (not the real list).

Rows come in fixed blocks of `BLOCK` rows. Block `b` of seed `s` is drawn from
`np.random.default_rng([s, b])` as one matrix of uniforms, one column per attribute
(`DRAWS`), so row i is the same whatever the total and any run of rows can be made
on its own: streaming 10 million rows needs one block in memory, never all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cq4ds.adapters.synthetic_names import full_names
from cq4ds.domain import MappedParts
from cq4ds.params import param

BLOCK = 100_000
DRAWS = (
    "pclass", "child", "age", "age_spread", "age_missing", "age_half", "sex", "sibsp", "parch",
    "fare", "fare_spread", "fare_zero", "fare_missing", "cabin", "deck", "cabin_number", "cabin_count",
    "embarked", "embarked_missing", "surname", "given", "middle", "husband", "maiden", "title", "married",
    "ticket_prefix", "ticket_number", "survival",
)
# Per class (1st, 2nd, 3rd) unless said otherwise; rates read off the historical list.
CLASS_SHARES = (0.247, 0.212, 0.541)
CHILD_SHARE = (0.03, 0.08, 0.115)  # under 14
ADULT_AGE = ((40.0, 13.0), (30.0, 11.0), (26.0, 9.0))  # mean, spread
AGE_MISSING = (0.12, 0.06, 0.29)
FEMALE_SHARE = (0.47, 0.40, 0.27)  # adults; children are 47% girls
SIBSP = (  # counts; shares for adults; shares for children
    (0, 1, 2, 3, 4, 5, 8),
    (0.72, 0.25, 0.02, 0.004, 0.003, 0.002, 0.001),
    (0.3, 0.35, 0.12, 0.05, 0.12, 0.03, 0.03),
)
PARCH = (  # counts; shares for adults; shares for children
    (0, 1, 2, 3, 4, 5, 6, 9),
    (0.83, 0.1, 0.05, 0.008, 0.004, 0.004, 0.002, 0.002),
    (0.05, 0.55, 0.38, 0.01, 0.005, 0.003, 0.001, 0.001),
)
FARE = ((50.0, 0.7), (12.5, 0.4), (6.5, 0.5))  # median, log-spread of one person's fare
CABIN_SHARE = (0.79, 0.08, 0.025)
DECKS = ("A", "B", "C", "D", "E", "F", "G", "T")
DECK_SHARES = (
    (0.08, 0.25, 0.33, 0.16, 0.175, 0, 0, 0.005),
    (0, 0, 0, 0.2, 0.2, 0.6, 0, 0),
    (0, 0, 0, 0, 0.25, 0.55, 0.2, 0),
)
PORTS = ("S", "C", "Q")
PORT_SHARES = ((0.55, 0.44, 0.01), (0.87, 0.1, 0.03), (0.7, 0.14, 0.16))
TICKET_PREFIXES = ("", "PC ", "C.A. ", "S.O.C. ", "SC/PARIS ", "W./C. ", "A/5 ", "STON/O 2. ", "SOTON/O.Q. ", "A/4 ")
TICKET_PREFIX_SHARES = (  # percent
    (70, 28, 2, 0, 0, 0, 0, 0, 0, 0),
    (75, 0, 10, 4, 5, 6, 0, 0, 0, 0),
    (72, 0, 7, 0, 0, 2, 7, 6, 4, 2),
)
TICKET_NUMBERS = ((110100, 113900), (220000, 250700), (312990, 370400))
SURVIVAL_LOGIT = {"female": (3.4, 2.2, -0.05), "male": (-0.85, -2.0, -1.75)}  # by class
CHILD_BONUS = {"female": 0.4, "male": 2.0}  # added to the logit under 14
FAMILY_PENALTY = 0.8  # per relative aboard beyond three


def generate(rows: int, seed: int, start: int = 0) -> pd.DataFrame:
    """Rows `start` to `start + rows` of the synthetic passenger list for `seed`.

    Args:
        rows: how many passengers to make.
        seed: the list's seed; the same seed always gives the same passengers.
        start: the position of the first passenger in the list (pids are start + 1, start + 2, ...).

    Returns:
        Raw records in the schema's columns, every passenger labelled.
    """
    parts = []
    for block in range(start // BLOCK, (start + rows - 1) // BLOCK + 1):
        low = max(start, block * BLOCK) - block * BLOCK
        high = min(start + rows, (block + 1) * BLOCK) - block * BLOCK
        parts.append(_block(seed, block, low, high))
    return pd.concat(parts, ignore_index=True) if parts else _block(seed, 0, 0, 0)


def _block(seed: int, block: int, low: int, high: int) -> pd.DataFrame:
    """Rows `low` to `high` of one block."""
    rng = np.random.default_rng([seed, block])
    rng.bit_generator.advance(low * len(DRAWS))  # skip the rows before `low`: one 64-bit draw per uniform
    u = dict(zip(DRAWS, rng.random((high - low, len(DRAWS))).T, strict=True))
    c = _pick(u["pclass"], np.array(CLASS_SHARES))  # class index: 0, 1, 2 for 1st, 2nd, 3rd
    child = u["child"] < np.take(CHILD_SHARE, c)
    age = np.where(child, _child_age(u["age"]), _adult_age(c, u["age"], u["age_spread"], u["age_half"]))
    female = u["sex"] < np.where(child, 0.47, np.take(FEMALE_SHARE, c))
    sibsp = _relatives(u["sibsp"], child, c, SIBSP, most_outside_third=3)
    parch = _relatives(u["parch"], child, c, PARCH, most_outside_third=4)
    ports = _options(PORTS)[_pick(u["embarked"], np.array(PORT_SHARES)[c])]
    return pd.DataFrame({
        "pid": np.arange(block * BLOCK + low, block * BLOCK + high) + 1,
        "pclass": c + 1,
        "name": full_names(u, female, age, sibsp),
        "sex": np.where(female, "female", "male"),
        "age": np.where(u["age_missing"] < np.take(AGE_MISSING, c), np.nan, age),
        "sibsp": sibsp,
        "parch": parch,
        "ticket": _tickets(c, u["ticket_prefix"], u["ticket_number"]),
        "fare": np.where(u["fare_missing"] < 0.001, np.nan, _fares(c, sibsp + parch, u)),
        "cabin": _cabins(c, u),
        "embarked": np.where(u["embarked_missing"] < 0.0015, None, ports),
        "is_survived": (u["survival"] < _survival_chance(c, female, child, sibsp + parch)).astype(np.int64),
    })


def _survival_chance(c: np.ndarray, female: np.ndarray, child: np.ndarray, relatives: np.ndarray) -> np.ndarray:
    """A logistic model: women and the upper classes first, then children; big families fared worst."""
    logit = np.where(female, np.take(SURVIVAL_LOGIT["female"], c), np.take(SURVIVAL_LOGIT["male"], c))
    logit += np.where(child, np.where(female, CHILD_BONUS["female"], CHILD_BONUS["male"]), 0.0)
    logit -= FAMILY_PENALTY * np.maximum(relatives - 3, 0)
    return 1 / (1 + np.exp(-logit))


def _pick(u: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """The index of the category each uniform falls in; `shares` is one row per uniform, or one row for all."""
    totals = np.cumsum(np.broadcast_to(shares, (len(u), shares.shape[-1])), axis=1)
    bounds = totals / totals[:, -1:]  # shares need not add up to 1
    return np.minimum((u[:, None] >= bounds).sum(axis=1), shares.shape[-1] - 1)


def _options(options: tuple[str, ...]) -> np.ndarray:
    """The options as an array that fancy indexing can pick from."""
    return np.array(options, dtype=object)


def _normal(u1: np.ndarray, u2: np.ndarray) -> np.ndarray:
    """Standard normal values from two uniforms (Box-Muller)."""
    return np.sqrt(-2 * np.log1p(-u1)) * np.cos(2 * np.pi * u2)


def _child_age(u: np.ndarray) -> np.ndarray:
    """Ages under 14: whole years, and babies in twelfths of a year (0.42 is five months)."""
    years = 14 * u
    return np.where(years < 1, np.round(np.ceil(12 * years) / 12, 2), np.floor(years))


def _adult_age(c: np.ndarray, u: np.ndarray, spread: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Ages from 14 to 80 around each class's mean; a few estimated ones end in .5, as in the records."""
    mean, sd = np.array(ADULT_AGE)[c].T
    age = np.abs(mean + sd * _normal(u, spread) - 14) + 14  # reflect at 14: no adult is younger
    return np.minimum(np.floor(age) + np.where(half < 0.03, 0.5, 0.0), 80)


def _relatives(u: np.ndarray, child: np.ndarray, c: np.ndarray, table: tuple, most_outside_third: int) -> np.ndarray:
    """Relatives aboard: mostly none, children have more, and only 3rd class has the big families."""
    values, adult_shares, child_shares = (np.array(t) for t in table)
    counts = values[np.where(child, _pick(u, child_shares), _pick(u, adult_shares))]
    return np.where(c < 2, np.minimum(counts, most_outside_third), counts)


def _fares(c: np.ndarray, relatives: np.ndarray, u: dict[str, np.ndarray]) -> np.ndarray:
    """Fares by class with a long tail; a ticket covered the family, so families paid more; a few paid nothing."""
    median, spread = np.array(FARE)[c].T
    fare = median * np.exp(spread * _normal(u["fare"], u["fare_spread"])) * (1 + relatives) ** 0.6
    return np.where(u["fare_zero"] < 0.01, 0.0, fare.round(4))


def _cabins(c: np.ndarray, u: dict[str, np.ndarray]) -> np.ndarray:
    """Cabins like "C85" or "B57 B59" for most of 1st class, few of 2nd and 3rd (empty when unknown)."""
    deck = _options(DECKS)[_pick(u["deck"], np.array(DECK_SHARES)[c])]
    number = 1 + np.floor(u["cabin_number"] * np.where(c == 0, 148, 80)).astype(np.int64)
    count = np.where(c == 0, _pick(u["cabin_count"], np.array((0.84, 0.12, 0.04))), 1)
    cabin = deck + number.astype(str).astype(object)
    for extra in (1, 2):
        more = count > extra
        cabin[more] += " " + deck[more] + (number[more] + 2 * extra).astype(str).astype(object)
    return np.where(u["cabin"] < np.take(CABIN_SHARE, c), cabin, None)


def _tickets(c: np.ndarray, prefix: np.ndarray, number: np.ndarray) -> np.ndarray:
    """Ticket numbers by class, some with a prefix like "PC " or "A/5 " (text, as printed)."""
    low, high = np.array(TICKET_NUMBERS)[c].T
    digits = (low + number * (high - low)).astype(np.int64).astype(str).astype(object)
    return _options(TICKET_PREFIXES)[_pick(prefix, np.array(TICKET_PREFIX_SHARES)[c])] + digits


@dataclass(kw_only=True)
class SyntheticSource:
    """Synthetic passengers from a seeded generator, from a hundred to ten million rows."""

    rows: int = param(1309, help="how many passengers to generate", minimum=100, maximum=10_000_000)
    seed: int = param(0, help="the same seed always gives the same passengers", minimum=0)

    def describe(self) -> str:
        """Where the records come from, for messages."""
        return f"synthetic passengers (rows={self.rows}, seed={self.seed})"

    def read_batches(self, rows: int) -> Iterator[pd.DataFrame]:
        """Yield the passengers in pid order, at most `rows` per frame, making each batch only when asked."""
        for start in range(0, self.rows, rows):
            yield generate(min(rows, self.rows - start), self.seed, start=start)

    def partitions(self, rows: int) -> MappedParts:
        """Row ranges of `rows` passengers: a worker makes its own from the seed, nothing passes through the client."""
        starts = range(0, self.rows, rows)
        pieces = tuple((start, min(rows, self.rows - start)) for start in starts)
        return MappedParts(read=self.read_piece, pieces=pieces, first_rows=tuple(start + 1 for start in starts))

    def read_piece(self, piece: tuple[int, int]) -> pd.DataFrame:
        """The passengers of one (start, rows) piece, as `read_batches` yields them."""
        start, rows = piece
        return generate(rows, self.seed, start=start)
