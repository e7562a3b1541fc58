"""Check yourself: decoupling."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "decoupling",
    "pages/decoupling.py",
    (
        Question(
            "The passengers move from SQLite to a Parquet file. What has to change in the package?",
            Option(
                "The `[source]` entry of the config",
                "The Parquet adapter already exists behind the same port; choosing it is configuration. The use "
                "case, the domain and the features never knew where the records were stored.",
            ),
            (
                Option(
                    "The use case `train_and_evaluate`",
                    "The use case reads through the `PassengerSource` port and never knew the records came from "
                    "SQLite.",
                ),
                Option(
                    "The `Passenger` class and its rules",
                    "A passenger is the same passenger wherever it is stored; its rules do not mention storage.",
                ),
                Option(
                    "The feature builder's column names",
                    "Every adapter yields the schema's column names, so the features see the same columns from "
                    "any store.",
                ),
            ),
        ),
        Question(
            "Why compare `content_hash()` of the checked passengers rather than the raw frames?",
            Option(
                "Raw frames differ by store; the checked passengers must not",
                "The raw frames have 12 to 15 columns and different types. What must not change is what "
                "`conform` makes of them: the passengers the use cases train on and score.",
            ),
            (
                Option(
                    "The raw frames are identical anyway, so either would do",
                    "Look at the table: they are not. Columns and types differ by store, which is why the raw "
                    "frames are the wrong thing to compare.",
                ),
                Option(
                    "Hashing the raw frames would be too slow on every read",
                    "Speed is not the reason: both are quick on this sample. Equal raw frames would be too strict "
                    "a demand; equal passengers is the promise.",
                ),
            ),
        ),
        Question(
            "In the legacy script, which line would stay as it is if the data moved to the titanic3 CSV?",
            Option(
                '`df["family_size"] = df["parch"] + df["sibsp"]`',
                "Family size uses columns both layouts share, so this line survives the move.",
            ),
            (
                Option(
                    '`passengers = pd.read_sql("SELECT * FROM tbl_passengers", con)`',
                    "A CSV file has no tables to query: this line is replaced by a CSV read.",
                ),
                Option(
                    '`con = sqlite3.connect("sample_data/titanic.db")`',
                    "The connection is SQLite's; a CSV file needs none. This line has to go.",
                ),
                Option(
                    '`targets = df["is_survived"]`',
                    "titanic3 calls the label `survived`, so this line has to be edited.",
                ),
            ),
        ),
    ),
)
