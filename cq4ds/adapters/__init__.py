"""Adapters: everything that touches files, databases or memory behind a port."""
