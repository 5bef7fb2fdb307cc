"""Benchmark of our server against Datasette and a bare-ASGI ceiling (see docs/performance.md)."""
