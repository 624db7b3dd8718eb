"""Serve a Dash app from a background thread on 127.0.0.1 and a free port, for browser tests."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
import urllib.request

from werkzeug.serving import make_server


class LiveServer:
    def __init__(self, flask_app) -> None:
        self._server = make_server("127.0.0.1", 0, flask_app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        wait_until_healthy(self.url)
        return self

    def __exit__(self, *_exc) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


def wait_until_healthy(url: str, timeout: float = 30.0) -> None:
    """Poll ``/healthz`` until it answers 200 (a condition, not a fixed sleep)."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except Exception as exc:  # not up yet
            last_error = exc
        time.sleep(0.05)
    raise TimeoutError(f"server at {url} did not become healthy: {last_error}")


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server the test started, by its PID: a graceful SIGTERM, then SIGKILL after 20 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
