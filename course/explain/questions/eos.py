"""Check yourself: experimental-operational symmetry."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "eos",
    "pages/eos.py",
    (
        Question(
            "You fix a bug in the feature builder while working in the test context. What must happen before "
            "production has the fix?",
            Option(
                "Nothing more: both contexts import the same builder",
                "The feature builder is core code: one file, used by every context. There is no second copy to update.",
            ),
            (
                Option(
                    "Port the fix into the production script by hand",
                    "There is no production script to port to: the production context wires the same core "
                    "files. Porting by hand is how the copies of the notebook world drift apart.",
                ),
                Option(
                    "Export the notebook again and redeploy the export",
                    "Nothing is exported: every context imports the package. A re-export step is where copies "
                    "start to drift.",
                ),
            ),
        ),
        Question(
            "What may differ between the test context and the production context?",
            Option(
                "Where passengers come from and where predictions go",
                "Contexts choose adapters: sources and sinks. Everything between them is the same core, so the "
                "experiment tells you about production.",
            ),
            (
                Option(
                    "The feature recipe, tuned separately for each place it runs",
                    "Change the recipe and the experiment no longer tells you anything about production: the "
                    "model you tested is not the model you run.",
                ),
                Option(
                    "The training code, simplified so that the tests run fast",
                    "Simplified training code is a second pipeline. The test context is fast because of its "
                    "in-memory source, not because it trains differently.",
                ),
            ),
        ),
        Question(
            "The test context loads faster. Does that make its results less trustworthy?",
            Option(
                "No: only the source differs, and the predictions match",
                "The speed comes from the in-memory source; the core is the same. Section 3 compares every "
                "held-out prediction of the two contexts.",
            ),
            (
                Option(
                    "Yes: code that runs faster must be cutting corners",
                    "The code is the same; only the source is faster, because it reads memory instead of a "
                    "database file.",
                ),
                Option(
                    "Only on small samples: at scale the two contexts drift",
                    "Nothing in the core depends on the context, at any size. Section 4 loads up to 200,000 "
                    "passengers through both.",
                ),
            ),
        ),
        Question(
            "A new booking system will feed the model, and nobody has documented the quirks of its export. Which "
            "double do you develop the loader against?",
            Option(
                "A recording of the new system's real export",
                "Only a recording holds what the real source returns, undocumented quirks included. Keep "
                "generated passengers for size and for the edge cases you can describe.",
            ),
            (
                Option(
                    "Generated passengers, since they come in any number",
                    "Generated passengers only have the quirks you thought of; the undocumented ones are exactly "
                    "what they cannot contain.",
                ),
                Option(
                    "Neither: develop directly against the live system",
                    "Then every test run depends on the live system being up and unchanged, and no run is fast "
                    "or repeatable. A recording gives you its quirks without that.",
                ),
            ),
        ),
    ),
)
