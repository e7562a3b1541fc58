# Runs one state of the refactoring replay and saves what its artefacts() returns to an .npz file.
#
# course.explain.replay starts this in a fresh Python process for every run, so each state gets its
# own interpreter: its own globals, environment variables and library state. It also works by hand,
# from the repo root (the states read sample_data/titanic.db by a relative path):
#   python lessons/refactoring/run_state.py lessons/refactoring/step_03_inject.py /tmp/artefacts.npz

import runpy
import sys

import numpy as np


def main(state_path, out_path):
    namespace = runpy.run_path(state_path, run_name="replay")  # not "__main__": only artefacts() runs the state
    found = namespace["artefacts"]()
    np.savez(out_path, **{name: np.asarray(value) for name, value in found.items()})


if __name__ == "__main__":
    main(*sys.argv[1:])
