"""Reading a request body with a size limit, checked from Content-Length and while streaming."""

from kantorentop.core.api.middleware import content_length, max_body_bytes
from kantorentop.core.api.problems import PayloadTooLarge

CHUNK_BYTES = 256 * 1024


def read_body(request) -> bytes:  # type: ignore[no-untyped-def]
    """The raw body of a DRF request; PayloadTooLarge (413) past API_MAX_BODY_BYTES.

    The declared length is checked first, then the bytes actually read, so a missing or false
    Content-Length cannot pass more.
    """
    limit = max_body_bytes()
    if content_length(request._request) > limit:
        raise PayloadTooLarge()
    chunks: list[bytes] = []
    total = 0
    while chunk := request._request.read(CHUNK_BYTES):
        total += len(chunk)
        if total > limit:
            raise PayloadTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)
