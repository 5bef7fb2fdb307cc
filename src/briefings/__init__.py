"""Regional news turned into structured, citable data."""

__version__ = "0.1.0"
