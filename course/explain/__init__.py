"""Explain the code to learners: architecture diagrams, source views, wiring code and diffs, all computed."""
