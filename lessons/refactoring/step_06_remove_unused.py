# Refactoring replay: one state of the code between the legacy notebook script and a clean design.
# Its number is its place in the sequence; states.toml (next to it) says what it changed and why.
#
# LESSON MATERIAL: intermediate code of the refactoring exercise, ugly in places on purpose, not the
# cq4ds package. Run any state from the repo root, e.g.: python lessons/refactoring/step_04_test_double.py

import os
import pickle
import sqlite3
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from sklearn.impute import KNNImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import OneHotEncoder, RobustScaler

# quick and dirty regression tests: first run saves the answer, later runs compare
CACHE = os.environ.get("CQ4DS_LEGACY_CACHE", "lessons/legacy/.cache")


def do_test(filename, data):
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, filename)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            pickle.dump(data, f)
    with open(path, "rb") as f:
        expected = pickle.load(f)
    np.testing.assert_equal(data, expected)


@dataclass(frozen=True)
class Passenger:
    pid: int
    pclass: int
    sex: str
    age: float | None
    family_size: int
    fare: float | None
    embarked: str | None
    is_alone: int
    title: str
    is_survived: int

    def __post_init__(self):
        # the assumptions the rest of the code makes, checked once, where a passenger is made
        if self.pclass not in (1, 2, 3):
            raise ValueError(f"passenger {self.pid}: pclass {self.pclass!r} is not 1, 2 or 3")
        if self.sex not in ("female", "male"):
            raise ValueError(f"passenger {self.pid}: sex {self.sex!r} is not 'female' or 'male'")
        if self.age is not None and not self.age >= 0:
            raise ValueError(f"passenger {self.pid}: age {self.age!r} is not a number >= 0")
        if self.fare is not None and not self.fare >= 0:
            raise ValueError(f"passenger {self.pid}: fare {self.fare!r} is not a number >= 0")
        if self.embarked not in ("C", "Q", "S", None):
            raise ValueError(f"passenger {self.pid}: embarked {self.embarked!r} is not C, Q, S or missing")
        if self.is_survived not in (0, 1):
            raise ValueError(f"passenger {self.pid}: is_survived {self.is_survived!r} is not 0 or 1")


# Titles seen fewer than 10 times in titanic.db, counted once. The notebook recounted them over the
# whole dataset on every run: a hidden dependency on all the data, now an explicit constant.
RARE_TITLES = {"Col", "Countess", "Don", "Dona", "Dr", "Lady", "Major", "Mlle", "Ms", "Rev", "Sir"}


class SqlLoader:
    """Adapter: the one place that knows the passengers live in a SQLite database."""

    def __init__(self, db_path):
        self.db_path = db_path

    def get_passengers(self):
        con = sqlite3.connect(self.db_path)
        passengers = pd.read_sql(
            "SELECT p.pid, p.pclass, p.name, p.sex, p.age, p.sibsp, p.parch, p.fare, p.embarked, t.is_survived"
            " FROM tbl_passengers p JOIN tbl_targets t ON p.pid = t.pid ORDER BY p.pid",
            con,
        )
        con.close()
        return passengers


class TestLoader:
    """Same interface as SqlLoader: the first call asks the real loader and records, later calls replay."""

    def __init__(self, passengers_filename, real_loader):
        self.passengers_filename = passengers_filename
        self.real_loader = real_loader

    def get_passengers(self):
        os.makedirs(CACHE, exist_ok=True)
        path = os.path.join(CACHE, self.passengers_filename)
        if not os.path.exists(path):
            self.real_loader.get_passengers().to_pickle(path)
        return pd.read_pickle(path)


class PassengerLoader:
    """Factory: turns the raw rows into Passenger objects, computing the derived fields on the way."""

    def __init__(self, loader, rare_titles=None):
        self.loader = loader
        self.rare_titles = rare_titles or set()

    def get_passengers(self):
        passengers = []
        for row in self.loader.get_passengers().itertuples(index=False):
            family_size = int(row.parch + row.sibsp)
            title = row.name.split(",", 1)[1].split(".", 1)[0].strip()
            passengers.append(
                Passenger(
                    pid=int(row.pid),
                    pclass=int(row.pclass),
                    sex=row.sex,
                    age=None if pd.isna(row.age) else float(row.age),
                    family_size=family_size,
                    fare=None if pd.isna(row.fare) else float(row.fare),
                    embarked=None if pd.isna(row.embarked) else row.embarked,
                    is_alone=1 if family_size == 1 else 0,  # the notebook's rule, kept: the tests pin it
                    title="rare" if title in self.rare_titles else title,
                    is_survived=int(row.is_survived),
                )
            )
        return passengers


class TitanicModelCreator:
    def __init__(self, loader):
        self.loader = loader

    def run(self):
        passengers = self.loader.get_passengers()
        df = pd.DataFrame([asdict(p) for p in passengers]).set_index("pid")  # back to a frame, for now
        print(df.shape)
        # raw_df.pkl and df_with_features.pkl pinned the old frame, which is gone: those two tests retire.
        # The matrices and confusion matrices below are still checked against the notebook's pickles.

        targets = df["is_survived"]
        df = df[["pclass", "sex", "age", "family_size", "fare", "embarked", "is_alone", "title"]]

        X_train, X_test, y_train, y_test = train_test_split(
            df, targets, stratify=targets, test_size=0.2, random_state=42
        )
        print(X_train.shape, X_test.shape)

        categorical = ["embarked", "sex", "pclass", "title", "is_alone"]
        numerical = ["age", "fare", "family_size"]

        one_hot_encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
        one_hot_encoder.fit(X_train[categorical])
        X_train_categorical_one_hot = one_hot_encoder.transform(X_train[categorical])

        X_test_categorical_one_hot = one_hot_encoder.transform(X_test[categorical])

        do_test("X_train_categorical_one_hot.pkl", X_train_categorical_one_hot)
        do_test("X_test_categorical_one_hot.pkl", X_test_categorical_one_hot)

        knn_imputer = KNNImputer(n_neighbors=5)
        knn_imputer.fit(X_train[numerical])
        X_train_numerical_imputed = knn_imputer.transform(X_train[numerical])

        X_test_numerical_imputed = knn_imputer.transform(X_test[numerical])

        robust_scaler = RobustScaler()
        robust_scaler.fit(X_train_numerical_imputed)
        X_train_numerical_scaled = robust_scaler.transform(X_train_numerical_imputed)

        X_test_numerical_scaled = robust_scaler.transform(X_test_numerical_imputed)

        do_test("X_train_numerical_scaled.pkl", X_train_numerical_scaled)
        do_test("X_test_numerical_scaled.pkl", X_test_numerical_scaled)

        X_train_processed = np.hstack([X_train_categorical_one_hot, X_train_numerical_scaled])
        X_test_processed = np.hstack([X_test_categorical_one_hot, X_test_numerical_scaled])
        print(X_train_processed.shape, X_test_processed.shape)

        model = LogisticRegression(random_state=0)
        model.fit(X_train_processed, y_train)

        y_train_pred = model.predict(X_train_processed)
        cm_train = confusion_matrix(y_train, y_train_pred)
        print(cm_train)

        y_test_pred = model.predict(X_test_processed)
        cm_test = confusion_matrix(y_test, y_test_pred)
        print(cm_test)

        do_test("cm_train.pkl", cm_train)
        do_test("cm_test.pkl", cm_test)

        return {  # what the tests pin, handed back so a caller can look at it too
            "X_train_processed": X_train_processed,
            "X_test_processed": X_test_processed,
            "train_pids": [int(pid) for pid in X_train.index],
            "test_pids": [int(pid) for pid in X_test.index],
            "cm_train": cm_train,
            "cm_test": cm_test,
        }


def main():
    loader = PassengerLoader(SqlLoader("sample_data/titanic.db"), rare_titles=RARE_TITLES)
    return TitanicModelCreator(loader).run()


def test_main():
    # the double records the real loader's answer once, then replays it: rename the file when the query changes
    real_loader = SqlLoader("sample_data/titanic.db")
    loader = PassengerLoader(TestLoader("loader_used_columns.pkl", real_loader), rare_titles=RARE_TITLES)
    return TitanicModelCreator(loader).run()


# The replay's hook: the regression panel calls this in every state.
def artefacts():
    return test_main()


if __name__ == "__main__":
    test_main()  # from now on we only run the test context
