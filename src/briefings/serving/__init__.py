"""The serving machinery: how requests reach the application and how answers are kept.

- ``cache``: the response cache in front of the framework, keyed by what was
  negotiated, dropped when the data revision moves;
- ``freshness``: how a process learns that the data changed (the revision clocks);
- ``accept``: the event loop that accepts every waiting connection in one turn;
- ``server``: the application as served (steps in front of the cache) and uvicorn's
  configuration.
"""
