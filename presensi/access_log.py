"""The HTTP access log without the query strings of webhook and console routes.

`GET /webhooks/whatsapp?hub.verify_token=...` carries a secret in its query string, and so
does a console sign-in link (`/admin/masuk?t=...`); a console search (`/admin/pegawai?q=...`)
may carry a NIP. uvicorn's access log would write them out. The filter is installed by the
composition root (`presensi serve`) on uvicorn's access handler, so none of these query strings
reaches any log.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

PRIVATE_PREFIXES = ("/webhooks/", "/admin")


def _without_query(path: object) -> object:
    if isinstance(path, str) and path.startswith(PRIVATE_PREFIXES) and "?" in path:
        return path.split("?", 1)[0]
    return path


class WebhookQueryFilter(logging.Filter):
    """Drop the query string from uvicorn access records of /webhooks/ and /admin paths.

    uvicorn logs `'%s - "%s %s HTTP/%s" %d'` with (client, method, path with query, version,
    status); the path is rewritten in place, and any other record passes untouched.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3:
            record.args = (*args[:2], _without_query(args[2]), *args[3:])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration with the filter on its access handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["webhook_query"] = {"()": WebhookQueryFilter}
    config["handlers"]["access"].setdefault("filters", []).append("webhook_query")
    return config
