"""The words of the patterns page: intent, problem, solution, pros and cons, relations (our own wording).

Laid out after refactoring.guru's page anatomy; what the talk's material says is marked as such,
and the pros, cons and relations are our assessment, not the talk's.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.explain import story
from course.explain.told import joined, told


@dataclass(frozen=True)
class PatternCard:
    """The prose of one pattern's section, and where its problem shows in the legacy script."""

    name: str
    intent: str
    in_the_talk: str  # what the talk's exercise does with it [R]
    problem: str
    problem_lines: tuple[str, str, tuple[str, ...]]  # excerpt start regex, end regex, highlight regexes
    solution: str
    pros: tuple[str, ...]
    cons: tuple[str, ...]
    relations: str


ADAPTER = PatternCard(
    name="Adapter",
    intent="Let the core reach any store through one narrow interface that the core itself defines, so each "
    "store's quirks live inside one class and nowhere else.",
    in_the_talk="The exercise's first adapter is `SqlLoader` with `get_passengers()` (step 05); its test double "
    "`TestLoader` has the same interface (step 07), so the caller cannot tell them apart.",
    problem="The script talks to SQLite itself: it opens a connection, names the tables in SQL and gets back "
    "whatever columns and types SQLite returns. Everything after that cell is written against those columns "
    "and types.",
    problem_lines=(r"^con = sqlite3", r"^con\.close", (r"sqlite3", r"read_sql", r"\bcon\b")),
    solution="Define the port the core needs, `PassengerSource` with `describe()` and `read_batches(rows)`, and "
    "write one class per store that fulfils it: it opens its file or database, renames the store's columns to "
    "the schema's and yields frames. The core only ever calls the port. Because the port is a "
    "`typing.Protocol`, an adapter fits by having the methods; it does not have to import the port.",
    pros=(
        "A new store is a new class and a config entry; the core is not touched.",
        "Each adapter can be tested on its own against a small file.",
        "Test doubles (in-memory, generated) fit the same port, so tests need no database.",
        "Storage failures become one error family (`DataError`), raised where they happen.",
    ),
    cons=(
        "One more class, and one more hop to follow when reading the code.",
        "The port must suit every store. A leaky port (say, one that takes SQL) ties the core to one store again.",
        "Store-specific strengths (filters pushed into the database, indexes) hide behind the common interface.",
    ),
    relations="The **Factory** (the registry) picks and builds the adapter a config names. **Strategy** has the "
    "same shape, a port with interchangeable classes; the difference is intent: an adapter translates an "
    "outside system, a strategy is a choice of algorithm.",
)

FACTORY = PatternCard(
    name="Factory",
    intent="Separate making objects from using them: code that needs a component, or a passenger, asks for it by "
    "description and gets back a ready, checked object.",
    in_the_talk="In the exercise the factory is `PassengerLoader` (step 11): it turns raw rows into `Passenger` "
    "objects and hides where they came from and how they were stored. In this package, read from the code: "
    + joined(told(story.no_passengers_on, story.single_passenger))
    + " `to_passengers` and `Passengers.from_records` remain factories for records held in code (a notebook's "
    "list, a test fixture). The package's main factory is the **registry**, which builds components from names; "
    "the live demo below uses the registry.",
    problem="The script builds every object inline, with literal parameters, at the point of use. Trying another "
    "imputer or other settings means editing the flow itself, and nothing outside the script can ask for "
    '"the notebook\'s imputer, with 7 neighbours".',
    problem_lines=(r"^knn_imputer = KNNImputer", r"^X_test_numerical_scaled", (r"KNNImputer\(", r"RobustScaler\(")),
    solution="Describe a component as data, `ComponentSpec(kind, params)` or one TOML table, and let one object "
    "turn descriptions into instances. `Registry.create(port, spec)` looks the kind up, checks every "
    "parameter against the fields the class declares (type, range, choices) and builds it. Configs, the CLI, "
    "the app and the tests all build pipelines this way.",
    pros=(
        "Swapping a component becomes editing data, which a form, a config file or a command line can do.",
        "Parameters are checked once, in one place, with messages that say how to fix them.",
        "Every way of building a pipeline builds it the same way.",
    ),
    cons=(
        "The table from names to classes has to be kept up to date.",
        "A typo in a kind is found when the config is read, not when the code is imported.",
        "Reading a config, you must look up which class a kind means (the app shows it for you).",
    ),
    relations="The registry builds **adapters** and **strategies**: it is how a config chooses them. The talk's "
    "`PassengerLoader` is itself a kind of adapter: raw rows in, `Passenger` objects out.",
)

STRATEGY = PatternCard(
    name="Strategy",
    intent="Make an algorithm a swappable part: the code that uses it depends on what it does, not on which one it "
    "is, so choices that cannot be settled early can still change late.",
    in_the_talk="The exercise ends (step 21) with the predictor injected into `TitanicModel`; the author's "
    "model-factory repository goes further and splits feature processing into `CategoricalFeature` and "
    "`NumericalFeature` strategies.",
    problem="The script's model is written into the flow: `LogisticRegression(random_state=0)` is built, fitted "
    "and used in consecutive cells. Comparing another model means editing or copying those cells, and the "
    "comparison lives in someone's memory.",
    problem_lines=(r"^model = LogisticRegression", r"^print\(cm_test\)", (r"\bmodel\b",)),
    solution="Name the role, `Model` with `fit`, `predict_proba` and `weights`, and let the context "
    "(`Predictor`) hold one and call it. Each model is a small class behind the port, with typed "
    "parameters; the steps around it never learn which one it holds. Cleaning steps, feature builders and the "
    "splitter are strategies in the same way.",
    pros=(
        "Experiments become configuration: compare models without touching the training code.",
        "Each strategy is small and can be tested alone.",
        "New strategies are added next to the old ones, not edited into them.",
    ),
    cons=(
        "The port has to fit every strategy; an extra ability needs an optional method (`weights()` may return None).",
        "Many small classes to find your way around.",
        "Another choice is one config line away, so every run must record the config it ran.",
    ),
    relations="**Adapter** has the same shape but translates an outside system. The **Factory** (the registry) is "
    "what builds the chosen strategy from its name.",
)

CARDS = (ADAPTER, FACTORY, STRATEGY)
