"""Rate limits: anonymous clients per address (RESTRACK_API_ANON_RATE), signed-in ones per account
(RESTRACK_API_USER_RATE); over the limit, 429 with Retry-After and a `detail`. A malformed rate
in the environment stops the start with a clear message."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from restrack import config

pytestmark = pytest.mark.django_db
LIST = "/api/v1/periods/"


@pytest.fixture
def limited(settings):
    settings.RESTRACK_API_ANON_RATE = "3/minute"
    settings.RESTRACK_API_USER_RATE = "5/minute"
    cache.clear()
    yield settings
    cache.clear()


def test_the_fourth_anonymous_request_in_a_minute_is_429(api, limited):
    assert [api.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    response = api.get(LIST)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["Content-Type"].startswith("application/json")
    assert "throttled" in response.json()["detail"].lower()
    assert response["API-Version"] == "1"


def test_every_address_has_its_own_count(api, limited):
    for _ in range(3):
        api.get(LIST)
    assert api.get(LIST).status_code == 429
    assert api.get(LIST, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_an_ipv6_client_is_counted_by_its_64_network(api, limited):
    first = "2001:db8:1:2::1"
    for host in range(1, 4):
        assert api.get(LIST, REMOTE_ADDR=f"2001:db8:1:2::{host}").status_code == 200
    assert api.get(LIST, REMOTE_ADDR="2001:db8:1:2:ffff::9").status_code == 429  # same /64
    assert api.get(LIST, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200  # the next /64
    assert api.get(LIST, REMOTE_ADDR=first).status_code == 429


@pytest.mark.parametrize(
    ("address", "counted"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:0:1:2:3:4:5", "2001:db8:0:1::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        (" 192.0.2.7 ", "192.0.2.7"),
        ("", ""),
    ],
)
def test_the_address_counted(address, counted):
    from restrack.core.api.throttling import network_of

    assert network_of(address) == counted


def test_signed_in_clients_are_limited_by_the_user_rate(token_api, api, limited):
    assert [token_api.get(LIST).status_code for _ in range(5)] == [200] * 5
    response = token_api.get(LIST)
    assert response.status_code == 429 and response["Retry-After"]
    # anonymous clients from the same address keep their own, lower limit
    assert api.get(LIST).status_code == 200


def test_signed_in_clients_are_not_held_to_the_anonymous_rate(token_api, settings):
    settings.RESTRACK_API_ANON_RATE = "1/minute"
    settings.RESTRACK_API_USER_RATE = None
    cache.clear()
    assert [token_api.get(LIST).status_code for _ in range(4)] == [200] * 4


def test_anonymous_clients_are_counted_once_by_the_anonymous_rate(api, settings):
    settings.RESTRACK_API_ANON_RATE = None
    settings.RESTRACK_API_USER_RATE = "1/minute"
    cache.clear()
    assert [api.get(LIST).status_code for _ in range(4)] == [200] * 4  # not held to the user rate


def test_no_limit_when_the_rates_are_off(api, settings):
    settings.RESTRACK_API_ANON_RATE = None
    cache.clear()
    assert all(api.get(LIST).status_code == 200 for _ in range(10))


def test_the_rate_of_the_environment(monkeypatch):
    monkeypatch.setenv("RESTRACK_API_ANON_RATE", " 60/Hour ")
    assert config.rate("RESTRACK_API_ANON_RATE", "120/minute") == "60/hour"
    monkeypatch.setenv("RESTRACK_API_ANON_RATE", "off")
    assert config.rate("RESTRACK_API_ANON_RATE", "120/minute") is None
    monkeypatch.delenv("RESTRACK_API_ANON_RATE")
    assert config.rate("RESTRACK_API_ANON_RATE", "120/minute") == "120/minute"


@pytest.mark.parametrize(
    "value", ["120", "120/minutes", "many/minute", "0/minute", "-5/hour", "120/fortnight", "/minute"]
)
def test_a_malformed_rate_is_refused_clearly(monkeypatch, value):
    monkeypatch.setenv("RESTRACK_API_USER_RATE", value)
    with pytest.raises(ImproperlyConfigured) as error:
        config.rate("RESTRACK_API_USER_RATE", "2000/minute")
    message = str(error.value)
    assert message.startswith("RESTRACK_API_USER_RATE=") and "120/minute" in message and "off" in message
