"""The test suite hashes passwords with a fast hasher (tests/conftest.py): with the production
hasher every user a fixture makes costs most of a second, and `make check` would miss its three
minutes. The production settings keep Django's own hashers."""

import pytest
from django.conf import settings

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_users_made_in_tests_get_the_fast_hash_and_still_sign_in():
    user = UserFactory(username="snel")
    assert user.password.startswith("md5$")
    assert user.check_password("correct-horse-battery-staple")


def test_a_hash_of_the_production_hasher_still_verifies():
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user = UserFactory(username="traag")
    user.password = PBKDF2PasswordHasher().encode("geheim-wachtwoord", "zout1234zout")
    user.save(update_fields=["password"])
    assert user.check_password("geheim-wachtwoord")
    assert not user.check_password("ander-wachtwoord")


def test_the_project_settings_keep_djangos_hashers():
    from django.conf import global_settings

    from config import settings as project_settings

    hashers = getattr(project_settings, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert settings.PASSWORD_HASHERS[1:] == list(hashers)
