"""Errors a page renderer raises to make the router answer with the friendly 404 page."""


class PageNotFound(LookupError):
    """The id in the URL does not exist; the German message is shown on the 404 page."""
