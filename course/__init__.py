"""The course: the teaching code that draws the app's pages around the cq4ds package.

`course.ui` renders (the only code that imports streamlit and plotly); `course.explain` computes
what the pages show from the package's real code (import graphs, source, diffs, measurements).
The package `cq4ds` never imports anything from here.
"""
