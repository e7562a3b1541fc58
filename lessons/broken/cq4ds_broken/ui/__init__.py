# LESSON MATERIAL (see cq4ds_broken/__init__.py).
"""The user interface: here a console one."""
