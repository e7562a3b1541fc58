"""The cq4ds app: the router and frame. Pages live in pages/; their list lives in course.ui.site."""

from course.ui import frame

frame.navigation().run()
