# LESSON MATERIAL (see cq4ds_broken/__init__.py).
"""Adapters: the code that talks to files and other systems."""
