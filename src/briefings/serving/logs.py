"""Logging as served: uvicorn's own lines and the application's in one format.

``BRIEFINGS_LOG_FORMAT=json`` writes one JSON object per line (python-json-logger), with
the fields a request line carries (method, route, status, duration_ms, request_id,
client) as keys; ``text`` keeps uvicorn's usual look.
"""

from typing import Any

from briefings.config import Settings

_TEXT = {"()": "uvicorn.logging.DefaultFormatter", "fmt": "%(levelprefix)s %(message)s"}
_JSON = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}


def log_config(settings: Settings) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn's ``log_config``, applied in every
    worker."""
    level = settings.log_level.upper()
    handler = {"handlers": ["default"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": _JSON if settings.log_format == "json" else _TEXT},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "uvicorn": handler,
            "uvicorn.error": {"level": level},
            "uvicorn.access": handler,
            "briefings": handler,
        },
    }
