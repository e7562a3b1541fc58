"""Strategies: swappable algorithms (cleaning, features, models, splitting) behind a port."""
