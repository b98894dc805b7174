"""Issue 11, item 22: a page shows only the actions its user may take. For every role, every
link and form of the workflow pages (funds, plans, commitments, developments) is followed: a
link must not answer 403 or 404, and a form must not be refused with 403 or 404 when posted.
Each request runs in a savepoint that is rolled back, so the roles start from the same data."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction

# The matrix's actors and objects (a fund, applications, plans in each status, a commitment).
from tests.accounts.test_permission_matrix import ROLES, clients, objects  # noqa: F401

pytestmark = pytest.mark.django_db

# Pages of the workflows (their own URLs); the menu and the language switch are left out.
WORKFLOW_URL = re.compile(
    r"^/(fondsen|plannen|mijn-gebouwen|mijn-signaleringen|convenant|ontwikkelingen)(/|$|\?)"
)
SKIP = re.compile(r"^/(fondsen/rapportage\.csv|plannen/documenten/)")


class _Actions(HTMLParser):
    """The links and forms of the page's <main>."""

    def __init__(self) -> None:
        super().__init__()
        self.in_main = False
        self.links: list[str] = []
        self.forms: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        values = dict(attrs)
        if tag == "main":
            self.in_main = True
        elif self.in_main and tag == "a" and values.get("href"):
            self.links.append(values["href"].replace("&amp;", "&"))
        elif self.in_main and tag == "form" and (values.get("method") or "").lower() == "post":
            self.forms.append(values.get("action") or "")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        if tag == "main":
            self.in_main = False


def _pages(objects) -> list[str]:  # noqa: F811
    return [
        "/fondsen",
        f"/fondsen/{objects.fund.pk}",
        f"/fondsen/{objects.fund.pk}/grootboek",
        "/fondsen/aanvragen",
        f"/fondsen/aanvragen/{objects.application.pk}",
        f"/fondsen/aanvragen/{objects.approved_application.pk}",
        "/plannen",
        "/mijn-gebouwen",
        "/mijn-signaleringen",
        f"/plannen/{objects.draft.pk}",
        f"/plannen/{objects.submitted.pk}",
        f"/plannen/{objects.approved.pk}",
        f"/plannen/{objects.in_progress.pk}",
        "/convenant",
        f"/convenant/afspraken/{objects.commitment.pk}",
        "/ontwikkelingen",
    ]


def _refused(client, method: str, url: str) -> int | None:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        response = client.post(url, {}) if method == "post" else client.get(url)
        transaction.set_rollback(True)
    return response.status_code if response.status_code in (403, 404) else None


@pytest.mark.parametrize("role", ROLES)
def test_every_action_shown_is_one_the_user_may_take(role, objects, clients):  # noqa: F811
    client = clients[role]
    failures = []
    for page in _pages(objects):
        response = client.get(page)
        if response.status_code != 200:
            continue  # a page the role may not open shows it nothing
        actions = _Actions()
        actions.feed(response.content.decode())
        targets = [("get", url) for url in actions.links] + [
            ("post", url or page) for url in actions.forms
        ]
        for method, url in targets:
            if not WORKFLOW_URL.match(url) or SKIP.match(url):
                continue
            status = _refused(client, method, url)
            if status is not None:
                failures.append(f"{page} shows {method.upper()} {url}, which answers {status}")
    assert failures == [], f"as {role}"
