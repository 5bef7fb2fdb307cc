"""The serving machinery: how requests reach the application and how answers are kept.

- ``server``: the one stack every request passes (the steps given to ``create_server``,
  the edge, compression, the FastAPI app) and uvicorn's configuration;
- ``edge``: the request id, the security headers (``headers``), the watches and the
  response cache, in one coroutine: the rate limit (``ratelimit``) as a gate, metrics and
  the access log (``metrics``) as observers; ``logs``: uvicorn's logging;
- ``cache``: the response cache, keyed by what was negotiated, dropped when the data
  revision moves; ``compression``: gzip and Brotli behind it; ``prefix``: the path prefix;
- ``freshness``: how a process learns that the data changed (the revision clocks);
- ``limits``: the HTTP protocol with its limits; ``accept``: the event loop that accepts
  every waiting connection in one turn.
"""
