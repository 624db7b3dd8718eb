"""Compressed responses (brotli, else gzip) with the compressed bodies of static files kept in memory.

Compressing plotly.js (4.8 MB) takes over a second of CPU; doing it for every page load of every
visitor would cost more than the bytes it saves. Static files (assets, Dash's component bundles and
the map's boundaries) never change while the server runs, so each is compressed once per worker and
then served from memory. Callback answers and pages are compressed on every request and never cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Request

STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/geo/")  # /geo/: the map's state boundaries
NOT_CACHED = ""  # cache key of responses that are compressed afresh every time
MAX_CACHED_FILES = 64


def compression_config() -> dict[str, object]:
    """Flask-Compress settings; must be in the Flask config before ``Dash(compress=True)`` reads them."""
    return {
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_CACHE_BACKEND": StaticFileCache,
        "COMPRESS_CACHE_KEY": static_cache_key,
    }


def static_cache_key(request: Request) -> str:
    """The full path (with its version query) of a static file, ``NOT_CACHED`` for anything else."""
    if request.method == "GET" and request.path.startswith(STATIC_PREFIXES):
        return request.full_path
    return NOT_CACHED


class StaticFileCache:
    """A small LRU store for Flask-Compress that keeps static files only (keys are "<algorithm>;<path>")."""

    def __init__(self, max_entries: int = MAX_CACHED_FILES) -> None:
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._max_entries = max_entries
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(";" + NOT_CACHED):
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
