"""Talk to the app as a browser does, through the Flask test client: sign in, then fire Dash callbacks.

:class:`DashClient` posts ``/_dash-update-component`` bodies built from the app's own callback map, with
the CSRF token Dash's renderer would send (header ``X-CSRFToken`` from the ``_csrf_token`` cookie).
"""

from __future__ import annotations

import json

from dash import Dash

ORIGIN = "http://localhost"  # the test client's own origin


def outputs_of(key: str) -> list[dict]:
    """The outputs of a callback from its key in ``app.callback_map`` (``a.b`` or ``..a.b...c.d..``)."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    return [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in parts]


class DashClient:
    def __init__(self, app: Dash) -> None:
        self.app = app
        self.http = app.server.test_client()

    def csrf_token(self) -> str:
        """Load a page (as a browser would first) and return the token cookie it set."""
        self.http.get("/anmelden")
        cookie = self.http.get_cookie("_csrf_token")
        return cookie.value if cookie else ""

    def sign_in(self, login: str, password: str):
        token = self.csrf_token()
        return self.http.post("/anmelden", data={"login": login, "password": password, "csrf_token": token})

    def callback_key(self, output: str) -> str:
        """The one callback whose outputs include ``output`` (``component-id.property``)."""
        keys = [key for key in self.app.callback_map if output in key]
        if len(keys) != 1:
            raise KeyError(f"{output}: {keys}")
        return keys[0]

    def fire(
        self, output: str, inputs: list, state: list | None = None, *, headers: dict | None = None, trigger: int = 0
    ):
        """Run the callback with these input and state values, as if input number ``trigger`` changed."""
        key = self.callback_key(output)
        spec = self.app.callback_map[key]
        body = {
            "output": key,
            "outputs": outputs_of(key) if key.startswith("..") else outputs_of(key)[0],
            "inputs": [{**item, "value": value} for item, value in zip(spec["inputs"], inputs, strict=True)],
            "state": [{**item, "value": value} for item, value in zip(spec["state"], state or [], strict=True)],
            "changedPropIds": [f"{spec['inputs'][trigger]['id']}.{spec['inputs'][trigger]['property']}"],
        }
        if headers is None:
            headers = {"X-CSRFToken": self.csrf_token()}
        return self.http.post(
            "/_dash-update-component", data=json.dumps(body), content_type="application/json", headers=headers
        )


def text_of(response) -> str:
    """A JSON answer as readable text (Dash escapes ``/`` and non-ASCII characters)."""
    return json.dumps(response.get_json(), ensure_ascii=False)


def same_origin_client(app: Dash, login: str | None = None, password: str | None = None):
    """A Flask test client whose requests carry this site's ``Origin`` (as a browser's do), optionally signed in."""
    client = app.server.test_client()
    client.environ_base["HTTP_ORIGIN"] = ORIGIN
    if login is not None:
        response = client.post("/anmelden", data={"login": login, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client
