#| CHANGE REQUEST "add a feature (deck from cabin)", legacy side: a complete, runnable copy of
#| lessons/legacy/titanic_notebook.py, edited the way a notebook gets edited. Lesson material
#| (deliberately messy); course.explain.changes diffs it against the original.
# Titanic survival - "final_v3_REALLY_final.ipynb" exported to a script.
#
# LESSON MATERIAL, DELIBERATELY MESSY. This is NOT part of the cq4ds package and is
# not an example to copy. It is the kind of notebook the talk starts from: pandas
# globals at module level, every transform written twice (train and test), hard-coded
# paths, and home-made "regression tests" mixed into the production flow.
# It is correct and runs top to bottom (python lessons/legacy/titanic_notebook.py
# from the repo root); tests/characterization/ proves the clean package reproduces it.

# %%
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

# %%
# quick and dirty regression tests: first run saves the answer, later runs compare
CACHE = os.environ.get("CQ4DS_LEGACY_CACHE", "lessons/legacy/.cache")
os.makedirs(CACHE, exist_ok=True)


def do_test(filename, data):
    path = os.path.join(CACHE, filename)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            pickle.dump(data, f)
    with open(path, "rb") as f:
        expected = pickle.load(f)
    np.testing.assert_equal(data, expected)


def do_pandas_test(filename, df):
    path = os.path.join(CACHE, filename)
    if not os.path.exists(path):
        df.to_pickle(path)
    expected = pd.read_pickle(path)
    pd.testing.assert_frame_equal(df, expected)


# %%
con = sqlite3.connect("sample_data/titanic.db")
passengers = pd.read_sql("SELECT * FROM tbl_passengers", con)
targets = pd.read_sql("SELECT * FROM tbl_targets", con)
con.close()

# %%
df = passengers.merge(targets, on="pid").sort_values("pid").set_index("pid")  # pid as index, handy later
print(df.shape)
df.head()

# %%
do_pandas_test("raw_df.pkl", df)

# %%
df["family_size"] = df["parch"] + df["sibsp"]

# %%
df["is_alone"] = 0
df.loc[df["family_size"] == 1, "is_alone"] = 1  # alone?

# %%
df["title"] = df["name"].apply(lambda x: x.split(",", 1)[1].split(".", 1)[0].strip())
df["title"].value_counts()

# %%
title_counts = df["title"].value_counts()
rare = title_counts[title_counts < 10].index
df.loc[df["title"].isin(rare), "title"] = "rare"
df["title"].value_counts()

# %%
df["deck"] = df["cabin"].str.strip().str[0].fillna("unknown")  # deck letter of the first cabin

# %%
do_pandas_test("df_with_features.pkl", df)

# %%
targets = df["is_survived"]
df = df[["pclass", "sex", "age", "ticket", "family_size", "fare", "embarked", "is_alone", "title", "deck"]]

# %%
X_train, X_test, y_train, y_test = train_test_split(df, targets, stratify=targets, test_size=0.2, random_state=42)
print(X_train.shape, X_test.shape)

# %%
categorical = ["embarked", "sex", "pclass", "title", "is_alone", "deck"]
numerical = ["age", "fare", "family_size"]

# %%
one_hot_encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
one_hot_encoder.fit(X_train[categorical])
X_train_categorical_one_hot = one_hot_encoder.transform(X_train[categorical])

# %%
X_test_categorical_one_hot = one_hot_encoder.transform(X_test[categorical])

# %%
do_test("X_train_categorical_one_hot.pkl", X_train_categorical_one_hot)
do_test("X_test_categorical_one_hot.pkl", X_test_categorical_one_hot)

# %%
knn_imputer = KNNImputer(n_neighbors=5)
knn_imputer.fit(X_train[numerical])
X_train_numerical_imputed = knn_imputer.transform(X_train[numerical])

# %%
X_test_numerical_imputed = knn_imputer.transform(X_test[numerical])

# %%
robust_scaler = RobustScaler()
robust_scaler.fit(X_train_numerical_imputed)
X_train_numerical_scaled = robust_scaler.transform(X_train_numerical_imputed)

# %%
X_test_numerical_scaled = robust_scaler.transform(X_test_numerical_imputed)

# %%
do_test("X_train_numerical_scaled.pkl", X_train_numerical_scaled)
do_test("X_test_numerical_scaled.pkl", X_test_numerical_scaled)

# %%
X_train_processed = np.hstack([X_train_categorical_one_hot, X_train_numerical_scaled])
X_test_processed = np.hstack([X_test_categorical_one_hot, X_test_numerical_scaled])
print(X_train_processed.shape, X_test_processed.shape)

# %%
model = LogisticRegression(random_state=0)
model.fit(X_train_processed, y_train)

# %%
y_train_pred = model.predict(X_train_processed)
cm_train = confusion_matrix(y_train, y_train_pred)
print(cm_train)

# %%
y_test_pred = model.predict(X_test_processed)
cm_test = confusion_matrix(y_test, y_test_pred)
print(cm_test)

# %%
do_test("cm_train.pkl", cm_train)
do_test("cm_test.pkl", cm_test)
