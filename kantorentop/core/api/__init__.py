"""Shared pieces of the REST API: problem+json errors, the API-Version header, pagination, the
router and the OpenAPI hooks. Nothing here knows a domain app (core is the bottom layer)."""

API_VERSION = "1.1.0"
API_PREFIX = "/api/"
