"""Callback URLs: https to public addresses only, except the hosts the portal names; a name is
checked by what it resolves to, and the connection goes to the address that was checked."""

import pytest

from webhooks.addresses import CallbackRefused, callback_target


@pytest.fixture(autouse=True)
def _defaults(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = []
    settings.WEBHOOK_ALLOW_LOOPBACK = False


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",  # loopback
        "https://[::1]/hook",
        "https://localhost/hook",  # a name that resolves inward
        "https://10.1.2.3/hook",  # private
        "https://192.168.0.10:8443/hook",
        "https://172.16.5.4/hook",
        "https://169.254.169.254/latest/meta-data",  # link-local (cloud metadata)
        "https://[fe80::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",  # IPv4 in IPv6
        "https://0.0.0.0/hook",
    ],
)
def test_inward_addresses_are_refused_by_default(url):
    with pytest.raises(CallbackRefused, match="loopback"):
        callback_target(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://8.8.8.8/hook",  # plain http to a host the portal does not name
        "ftp://8.8.8.8/hook",
        "https:///hook",
        "https://user:secret@8.8.8.8/hook",
        "https://8.8.8.8:99999/hook",
        "not a url",
    ],
)
def test_other_bad_urls_are_refused(url):
    with pytest.raises(CallbackRefused):
        callback_target(url)


def test_a_public_https_address_is_taken_and_pinned():
    target = callback_target("https://8.8.8.8:8443/events?x=1")
    assert (target.scheme, target.host, target.port, target.path, target.address) == (
        "https", "8.8.8.8", 8443, "/events?x=1", "8.8.8.8"
    )  # fmt: skip


def test_a_named_host_may_use_http_and_an_inward_address(settings):
    settings.WEBHOOK_ALLOWED_HOSTS = ["localhost", "10.1.2.3"]
    assert callback_target("http://localhost:9000/hook").address in ("127.0.0.1", "::1")
    assert callback_target("http://10.1.2.3/hook").address == "10.1.2.3"
    with pytest.raises(CallbackRefused):
        callback_target("https://10.9.9.9/hook")  # not named


def test_the_test_setting_allows_loopback_only(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    assert callback_target("https://127.0.0.1:9/hook").address == "127.0.0.1"
    assert callback_target("http://127.0.0.1:9/hook").address == "127.0.0.1"
    with pytest.raises(CallbackRefused):
        callback_target("https://10.1.2.3/hook")
    with pytest.raises(CallbackRefused, match="https"):
        callback_target("http://8.8.8.8/hook")
