"""cq4ds: a clean-architecture ML package for the Titanic survival example.

Layers, innermost first: domain -> params/ports -> columnar -> adapters | strategies |
usecases -> registry -> bootstrap (the composition root) -> extensions (components from
exercises/) -> grading (the contract battery) -> contexts -> explain -> cli | ui.
"""
