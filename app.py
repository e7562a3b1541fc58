"""The cq4ds app: the router and frame. Pages live in pages/; their list lives in cq4ds.ui.site."""

from cq4ds.ui import frame

frame.navigation().run()
