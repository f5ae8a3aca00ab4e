"""Search's endpoints on the API's router (restrack.api_urls)."""


def register(router) -> None:
    pass
