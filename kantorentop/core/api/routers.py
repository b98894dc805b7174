"""The API router: no trailing slashes and no API root page (the NL API Design Rules)."""

from rest_framework.routers import SimpleRouter


class ApiRouter(SimpleRouter):
    def __init__(self) -> None:
        super().__init__(trailing_slash=False)
