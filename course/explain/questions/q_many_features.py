"""Check yourself: many features per entity."""

from course.explain.checks import Option, Question, QuestionSet

CHECKS = QuestionSet(
    "features",
    "pages/q_many_features.py",
    (
        Question(
            "You add a 'cabin is known' feature. What has to change?",
            Option(
                "One part class, one parts-table line, one config entry",
                "Parts compute inputs from the fields the entity already has; nothing else needs to know.",
            ),
            (
                Option(
                    "The `Passenger` entity and every port that carries it",
                    "The entity already has the cabin. A feature is computed from its fields, so the entity and "
                    "the ports stay as they are.",
                ),
                Option(
                    "The training use case, so that it passes the new column on",
                    "The use case hands over passengers, not columns; the composed builder picks its parts from "
                    "the config.",
                ),
            ),
        ),
    ),
)
