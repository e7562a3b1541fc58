# Variant of lessons/coupled/creator_builds_its_own.py: the features swapped for the raw numbers only.
#
# LESSON MATERIAL, DELIBERATELY COUPLED. To make this one swap, run() itself had to be
# edited. The Dependency Injection page diffs this file against the original (header
# comments left out); tests/unit/test_wiring_board.py runs it and checks its numbers
# against the package wired with the same swap.
import os
import pickle
import sqlite3

import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

OUT = os.environ.get("CQ4DS_COUPLED_OUT", "outputs/coupled")
NUMERICAL = ["pclass", "age", "sibsp", "parch", "fare"]


class TitanicModelCreator:
    def __init__(self):
        self.cm_test = None
        self.predictions = None

    def run(self):
        con = sqlite3.connect("sample_data/titanic.db")
        passengers = pd.read_sql("SELECT * FROM tbl_passengers", con)
        targets = pd.read_sql("SELECT * FROM tbl_targets", con)
        con.close()
        df = passengers.merge(targets, on="pid").sort_values("pid").set_index("pid")

        y = df["is_survived"]
        X = df[NUMERICAL]
        X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, test_size=0.2, random_state=42)

        imputer = SimpleImputer(strategy="median").fit(X_train)
        scaler = StandardScaler().fit(imputer.transform(X_train))
        X_train_processed = scaler.transform(imputer.transform(X_train))
        X_test_processed = scaler.transform(imputer.transform(X_test))

        model = LogisticRegression(random_state=0)
        model.fit(X_train_processed, y_train)

        probability = model.predict_proba(X_test_processed)[:, 1]
        self.cm_test = confusion_matrix(y_test, (probability >= 0.5).astype(int))
        self.predictions = pd.DataFrame(
            {"pid": X_test.index, "probability": probability, "label": (probability >= 0.5).astype(int)}
        )
        print(self.cm_test)

        os.makedirs(OUT, exist_ok=True)
        with open(os.path.join(OUT, "model.pkl"), "wb") as f:
            pickle.dump(model, f)


def main():
    TitanicModelCreator().run()


if __name__ == "__main__":
    main()
