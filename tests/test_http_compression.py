"""Page weight over HTTP: responses are compressed and fingerprinted assets are cacheable."""

from __future__ import annotations

import re

import brotli
import pytest


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
