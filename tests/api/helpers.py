"""Assertions shared by the API tests."""

PROBLEM_KEYS = {"type", "title", "status", "detail"}


def assert_problem(response, status: int) -> dict:
    """The response is an RFC 9457 problem with this status, the API-Version header and no
    traceback."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["API-Version"] == "1.1.0"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS, body
    assert body["status"] == status
    assert all(isinstance(body[key], str) and body[key] for key in ("type", "title", "detail"))
    text = response.content.decode()
    assert "Traceback" not in text and 'File "' not in text
    return body


def invalid_names(response) -> set[str]:
    return {param["name"] for param in assert_problem(response, 400)["invalidParams"]}
