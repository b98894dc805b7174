"""The API's camelCase conversion is djangorestframework-camel-case's own, not a copy of it; only
Camelized representations (a page's results on the buildings list) are kept from its walk."""

import json

from djangorestframework_camel_case import util

from kantorentop.core.api import renderers
from kantorentop.core.api.renderers import ApiJSONRenderer, Camelized


def test_the_library_camelizes_and_never_walks_a_camelized_item(monkeypatch):
    walked = []
    library = util.camelize

    def spying(data, **options):
        walked.append(data)
        return library(data, **options)

    monkeypatch.setattr(util, "camelize", spying)
    building = Camelized({"bagId": "0344100000000001", "currentVacancy": {"vacantAreaM2": 3}})
    page = {"count": 1, "next": None, "previous": None, "results": [building]}
    assert json.loads(ApiJSONRenderer().render(page)) == {**page, "results": [building]}
    assert walked[0] is page  # the library walks the page, its results left out by ignore_fields
    inside = (building, building["currentVacancy"], page["results"])
    assert not any(seen is part for seen in walked for part in inside)
    assert renderers.camelize({"problem_type": [{"invalid_params": 1}]}) == {
        "problemType": [{"invalidParams": 1}]
    }
