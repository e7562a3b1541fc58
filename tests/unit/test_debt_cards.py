"""The card sort quotes the legacy script exactly, holds both kinds of card, and scores answers."""

from __future__ import annotations

from course.explain import debt_cards
from course.explain.debt_cards import DEBT, KINDS, MESS
from course.explain.lessons import LEGACY_SCRIPT, lesson_lines


def test_every_card_quotes_the_legacy_script_as_it_is_on_disk():
    script = lesson_lines(LEGACY_SCRIPT)
    for card in debt_cards.cards():
        first = card.code.first_line
        assert card.code.path == f"lessons/{LEGACY_SCRIPT}"
        assert card.code.lines == script[first - 1 : first - 1 + len(card.code.lines)]
        assert card.code.highlighted, f"card {card.key} points at no line"


def test_the_deck_holds_both_kinds_with_unique_keys_and_reasons():
    deck = debt_cards.cards()
    assert len({card.key for card in deck}) == len(deck)
    assert {card.answer for card in deck} == set(KINDS)
    assert all(card.why and card.title for card in deck)


def test_score_counts_right_and_answered_cards():
    deck = debt_cards.cards()
    right = {card.key: card.answer for card in deck}
    assert debt_cards.score({}, deck) == debt_cards.Score(0, 0, len(deck))
    assert debt_cards.score(right, deck) == debt_cards.Score(len(deck), len(deck), len(deck))
    wrong_first = {**right, deck[0].key: MESS if deck[0].answer == DEBT else DEBT}
    assert debt_cards.score(wrong_first, deck) == debt_cards.Score(len(deck) - 1, len(deck), len(deck))
    one = {deck[1].key: deck[1].answer, "unknown": DEBT}
    assert debt_cards.score(one, deck) == debt_cards.Score(1, 1, len(deck))


def test_the_tests_card_says_when_the_exercise_takes_the_checks_off_the_production_path():
    # The talk's exercise adds its test context at step 08, but its checks leave run() only at step 20 [R].
    why = {card.key: card.why for card in debt_cards.cards()}["tests"]
    assert "[R]" in why
    assert "step 08" in why and "step 20" in why
    assert "TestModelSaver" in why
