# Variant of lessons/coupled/creator_builds_its_own.py: a cleaning step added: fill missing age, fare and port.
#
# LESSON MATERIAL, DELIBERATELY COUPLED. To make this one swap, run() itself had to be
# edited. The Dependency Injection page diffs this file against the original (header
# comments left out); tests/unit/test_wiring_board.py runs it and checks its numbers
# against the package wired with the same swap.
import os
import pickle
import sqlite3

import numpy as np
import pandas as pd
from sklearn.impute import KNNImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import OneHotEncoder, RobustScaler

OUT = os.environ.get("CQ4DS_COUPLED_OUT", "outputs/coupled")
CATEGORICAL = ["embarked", "sex", "pclass", "title", "is_alone"]
NUMERICAL = ["age", "fare", "family_size"]


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
        df["age"] = df["age"].fillna(df.groupby(["pclass", "sex"])["age"].transform("median"))
        df["fare"] = df["fare"].fillna(df["fare"].median())
        df["embarked"] = df["embarked"].fillna(df["embarked"].mode().iloc[0])

        df["family_size"] = df["parch"] + df["sibsp"]
        df["is_alone"] = 0
        df.loc[df["family_size"] == 1, "is_alone"] = 1
        df["title"] = df["name"].apply(lambda x: x.split(",", 1)[1].split(".", 1)[0].strip())
        title_counts = df["title"].value_counts()
        df.loc[df["title"].isin(title_counts[title_counts < 10].index), "title"] = "rare"

        y = df["is_survived"]
        X = df[["pclass", "sex", "age", "ticket", "family_size", "fare", "embarked", "is_alone", "title"]]
        X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, test_size=0.2, random_state=42)

        one_hot_encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(X_train[CATEGORICAL])
        knn_imputer = KNNImputer(n_neighbors=5).fit(X_train[NUMERICAL])
        robust_scaler = RobustScaler().fit(knn_imputer.transform(X_train[NUMERICAL]))
        X_train_processed = np.hstack([
            one_hot_encoder.transform(X_train[CATEGORICAL]),
            robust_scaler.transform(knn_imputer.transform(X_train[NUMERICAL])),
        ])
        X_test_processed = np.hstack([
            one_hot_encoder.transform(X_test[CATEGORICAL]),
            robust_scaler.transform(knn_imputer.transform(X_test[NUMERICAL])),
        ])

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
