"""The login and language-switch benchmark (bench/sessions.py) runs on a tiny dataset: the login
logs in, the switch lands on the page in English, and both are judged on the issue's 1.2."""

import pytest

from bench import sessions
from bench.harness import Mismatch
from tests.buildings.factories import BuildingFactory


@pytest.fixture
def a_building(db):
    return BuildingFactory()


def test_both_benchmarks_run_and_check_their_results(a_building):
    outcomes = sessions.sessions_outcomes(rounds=1, log=lambda message: None)
    assert [outcome.goal for outcome in outcomes] == [1.2, 1.2]
    assert [len(outcome.ratios) for outcome in outcomes] == [1, 3]
    assert a_building.bag_id in outcomes[1].name


def test_the_switch_is_checked_to_land_in_english(a_building):
    with sessions.officer() as user:
        client = sessions._client_in(user, "nl")
        path = sessions._a_building_path()
        _, language = sessions.switch_candidate(client, path)
        assert language == "en"
        client.cookies["django_language"] = "nl"
        response = client.get(path)
        with pytest.raises(Mismatch):
            sessions._page_check(response, "en")


def test_the_login_signs_in_and_the_floor_verifies(a_building):
    with sessions.officer() as user:
        assert sessions.login_candidate(user)[1] is True
        assert sessions.login_baseline(user)[1] is True
