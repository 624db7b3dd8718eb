"""Page weight over HTTP: responses are compressed and fingerprinted assets are cacheable."""

from __future__ import annotations

import re

import brotli
import pytest
from flask import request

from dashboard.compression import StaticFileCache, static_cache_key


@pytest.fixture
def client(dash_app):
    return dash_app.server.test_client()


@pytest.mark.parametrize(("accept", "encoding"), [("br, gzip", "br"), ("gzip", "gzip")])
def test_page_and_plotly_bundle_are_compressed(client, accept, encoding):
    page = client.get("/", headers={"Accept-Encoding": accept})
    assert page.headers["Content-Encoding"] == encoding
    bundle = client.get(
        "/_dash-component-suites/plotly/package_data/plotly.min.js", headers={"Accept-Encoding": accept}
    )
    assert bundle.status_code == 200
    assert bundle.headers["Content-Encoding"] == encoding
    assert len(bundle.data) < 2_000_000  # 4.8 MB uncompressed


def test_callback_answers_are_compressed(client):
    layout = client.get("/_dash-layout", headers={"Accept-Encoding": "br"})
    assert layout.headers["Content-Encoding"] == "br"
    assert b"page-content" in brotli.decompress(layout.data)


def test_fingerprinted_assets_are_cacheable_for_a_year(client):
    page = client.get("/").data.decode()
    css = re.search(r'href="(/assets/10-dashboard\.css\?m=[^"]+)"', page).group(1)
    response = client.get(css)
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable
    # without the fingerprint the browser must revalidate
    assert client.get("/assets/10-dashboard.css").cache_control.max_age != 365 * 24 * 3600


def test_only_static_files_are_kept_compressed_in_memory(dash_app):
    server = dash_app.server
    with server.test_request_context("/_dash-component-suites/plotly/package_data/plotly.min.js"):
        bundle_key = static_cache_key(request)
    with server.test_request_context("/_dash-update-component", method="POST"):
        callback_key = static_cache_key(request)
    assert bundle_key.startswith("/_dash-component-suites/") and callback_key == ""

    cache = StaticFileCache(max_entries=2)
    cache.set(f"br;{callback_key}", b"answer")
    assert cache.get(f"br;{callback_key}") is None  # callback answers are never reused
    cache.set(f"br;{bundle_key}", b"plotly")
    cache.set("br;/assets/a.css?m=1", b"a")
    cache.set("br;/assets/b.css?m=1", b"b")
    assert cache.get(f"br;{bundle_key}") is None  # the least recently used entry made room
    assert cache.get("br;/assets/b.css?m=1") == b"b"


def test_repeated_bundle_requests_are_identical(client):
    first = client.get("/_dash-component-suites/plotly/package_data/plotly.min.js", headers={"Accept-Encoding": "br"})
    second = client.get("/_dash-component-suites/plotly/package_data/plotly.min.js", headers={"Accept-Encoding": "br"})
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert brotli.decompress(second.data).startswith(b"/**")
