"""The serving machinery: how requests reach the application and how answers are kept.

- ``server``: the one stack every request passes (path prefix, request id, the steps
  given to ``create_server``, the response cache, compression, the FastAPI app) and
  uvicorn's configuration;
- ``prefix``: the path prefix links carry behind a proxy (configured or a trusted
  proxy's ``X-Forwarded-Prefix``), present only when configured;
- ``request_id``: the first step, naming each request in its answer and the logs;
- ``metrics``, ``ratelimit``: the steps as served (``server.watched``): Prometheus
  metrics and the access log, then rate limits per client; ``logs``: uvicorn's logging;
- ``cache``: the response cache in front of the framework, keyed by what was
  negotiated (format, CORS, content coding, prefix), dropped when the data revision moves;
- ``compression``: gzip or Brotli by ``Accept-Encoding``, an ETag per coding, behind the
  cache so that compressed answers are kept compressed;
- ``freshness``: how a process learns that the data changed (the revision clocks);
- ``accept``: the event loop that accepts every waiting connection in one turn.
"""
