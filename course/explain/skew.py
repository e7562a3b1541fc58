"""The train/serve skew symmetry prevents, measured live with the lesson file that keeps the old path."""

from __future__ import annotations

import functools
import importlib.util
import sys
from types import ModuleType

from course.explain.lessons import LESSONS
from cq4ds import contexts
from cq4ds.config_file import load_config

LESSON = "skew/cleaning_outside_the_model.py"


@functools.cache
def lesson() -> ModuleType:
    """The lesson module, loaded once per process from lessons/ (never importable as a package)."""
    path = LESSONS / LESSON
    spec = importlib.util.spec_from_file_location("cq4ds_lesson_skew", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def measure() -> tuple[object, object]:
    """(the old path's Skew, the one path's Skew) for the lesson's recipe on the bundled sample passengers."""
    module = lesson()
    config, passengers = load_config(module.RECIPE), contexts.sample_passengers()
    return module.old_path(config, passengers), module.one_path(config, passengers)
