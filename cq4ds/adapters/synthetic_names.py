"""Names for synthetic passengers: "Surname, Title. Given names", titles at historical rates.

Titles follow sex and age as on the historical list: boys are "Master", girls "Miss",
married women "Mrs. Husband (Given Maiden)", and a few grown-ups carry rare titles.
"""

from __future__ import annotations

import numpy as np

SURNAMES = (
    "Abbott", "Allison", "Andersson", "Andrews", "Asplund", "Baclini", "Barkworth", "Becker", "Beckwith", "Berglund",
    "Brown", "Caldwell", "Carter", "Chaffee", "Christy", "Collyer", "Compton", "Connolly", "Coutts", "Cumings",
    "Davies", "Davison", "Dean", "Dodge", "Doyle", "Drew", "Evans", "Fleming", "Ford", "Fortune", "Futrelle",
    "Goldsmith", "Goodwin", "Graham", "Harper", "Harris", "Hart", "Hays", "Heikkinen", "Herman", "Hewlett",
    "Hocking", "Hoyt", "Jacobsohn", "Johansson", "Johnson", "Jones", "Karlsson", "Kelly", "Kink", "Laroche",
    "Larsson", "Lefebre", "Lindqvist", "Lines", "McCarthy", "Mellinger", "Minahan", "Moor", "Moran", "Murphy",
    "Nasser", "Newell", "Nilsson", "O'Brien", "Olsen", "Palsson", "Panula", "Parrish", "Pears", "Quick", "Rice",
    "Richards", "Roberts", "Rosblom", "Ryan", "Ryerson", "Sage", "Skoog", "Smith", "Spedden", "Sullivan",
    "Taussig", "Taylor", "Thayer", "Thomas", "Ware", "Warren", "Watt", "Webber", "Wells", "Wick", "Widener",
    "Williams", "Wilson",
)
MALE_NAMES = (
    "Albert", "Alfred", "Anders", "Arthur", "Charles", "Daniel", "David", "Edgar", "Edward", "Ernest", "Ernst",
    "Francis", "Frederick", "George", "Hans", "Harry", "Henry", "Herbert", "Hugh", "Jacob", "James", "Johan",
    "John", "Joseph", "Karl", "Leonard", "Michael", "Nils", "Olof", "Patrick", "Percy", "Peter", "Richard",
    "Robert", "Samuel", "Sidney", "Thomas", "Victor", "Walter", "William",
)
FEMALE_NAMES = (
    "Ada", "Agnes", "Alice", "Amy", "Anna", "Annie", "Augusta", "Bertha", "Bridget", "Catherine", "Clara",
    "Dorothy", "Edith", "Edna", "Eleanor", "Elin", "Elizabeth", "Ellen", "Emily", "Ethel", "Florence",
    "Gertrude", "Hanna", "Helen", "Hilda", "Ida", "Jane", "Johanna", "Julia", "Kate", "Lucy", "Mabel", "Margaret",
    "Maria", "Marie", "Marion", "Mary", "Nora", "Rosa", "Sarah",
)
# Rare titles, as counts among the ~775 grown men and ~380 grown women of a 1309-passenger list.
MALE_RARE = {"Dr": 8, "Rev": 8, "Col": 4, "Major": 2, "Capt": 1, "Don": 1, "Jonkheer": 1, "Sir": 1}
FEMALE_RARE = {"Mlle": 2, "Ms": 2, "Countess": 1, "Dona": 1, "Lady": 1, "Mme": 1}
GROWN_MEN, GROWN_WOMEN = 775, 380
GROWN_UP = 18


def full_names(draws: dict[str, np.ndarray], female: np.ndarray, age: np.ndarray, sibsp: np.ndarray) -> np.ndarray:
    """Names like "Smith, Mrs. John (Mary Brown)" for each passenger.

    Args:
        draws: the block's uniforms by name ("surname", "given", "middle", "husband", "maiden", "title", "married").
        female: True for each woman or girl.
        age: each passenger's true age (before ages go missing).
        sibsp: siblings or spouses aboard (a spouse aboard makes "Mrs" likelier).
    """
    title = _titles(draws["title"], draws["married"], female, age, sibsp)
    given = np.where(female, _choose(FEMALE_NAMES, draws["given"]), _choose(MALE_NAMES, draws["given"]))
    middle = np.where(~female & (draws["middle"] < 0.4), " " + _choose(MALE_NAMES, draws["middle"] / 0.4), "")
    first = given + middle
    wives = title == "Mrs"
    husband, maiden = _choose(MALE_NAMES, draws["husband"][wives]), _choose(SURNAMES, draws["maiden"][wives])
    first[wives] = husband + " (" + given[wives] + " " + maiden + ")"
    return _choose(SURNAMES, draws["surname"]) + ", " + title + ". " + first


def _titles(u: np.ndarray, married: np.ndarray, female: np.ndarray, age: np.ndarray, sibsp: np.ndarray) -> np.ndarray:
    """Mr, Mrs, Miss, Master, or now and then a rare title for a grown-up."""
    mrs_chance = np.where(sibsp > 0, 0.8, np.clip((age - GROWN_UP) / 25, 0, 0.75))
    title = np.where(female, np.where((age >= GROWN_UP) & (married < mrs_chance), "Mrs", "Miss"),
                     np.where(age < 14, "Master", "Mr")).astype(object)
    for rare, grown, is_sex in ((MALE_RARE, GROWN_MEN, ~female), (FEMALE_RARE, GROWN_WOMEN, female)):
        bounds = np.cumsum(list(rare.values())) / grown
        chosen = np.searchsorted(bounds, u, side="right")
        eligible = is_sex & (age >= GROWN_UP) & (chosen < len(rare))
        title[eligible] = np.array(list(rare), dtype=object)[chosen[eligible]]
    return title


def _choose(options: tuple[str, ...], u: np.ndarray) -> np.ndarray:
    """The option each uniform points at, all options equally likely."""
    return np.array(options, dtype=object)[np.minimum((u * len(options)).astype(np.int64), len(options) - 1)]
