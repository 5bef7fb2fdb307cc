"""The serving machinery: how requests reach the application and how answers are kept.

- ``server``: the one stack every request passes (request id, the steps given to
  ``create_server``, the response cache, the FastAPI app) and uvicorn's configuration;
- ``request_id``: the first step, naming each request in its answer and the logs;
- ``metrics``, ``ratelimit``: the steps as served (``server.watched``): Prometheus
  metrics and the access log, then rate limits per client; ``logs``: uvicorn's logging;
- ``cache``: the response cache in front of the framework, keyed by what was
  negotiated, dropped when the data revision moves;
- ``freshness``: how a process learns that the data changed (the revision clocks);
- ``accept``: the event loop that accepts every waiting connection in one turn.
"""
