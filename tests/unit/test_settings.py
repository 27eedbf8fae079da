"""Settings parse once, with clear errors for bad values."""

import pytest

from pinbridge.errors import ConfigurationError
from pinbridge.settings import Settings


def test_defaults_point_at_the_embedded_layout():
    settings = Settings.from_env({})
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith(".pinbridge/pinbridge.db")
    assert settings.max_attempts == 5


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PINBRIDGE_MAX_ATTEMPTS": "many"}, "whole number"),
        ({"PINBRIDGE_TOKEN_KEYS": "nokid"}, "kid:base64key"),
        ({"PINBRIDGE_TOKEN_KEYS": "k1:c2hvcnQ="}, "32 bytes"),
        ({"PINBRIDGE_PUBLISH_LEASE_SECONDS": "5", "PINBRIDGE_PINTEREST_READ_TIMEOUT": "30"}, "must exceed"),
    ],
)
def test_bad_values_name_the_setting(env, message):
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env(env)


def test_processes_that_touch_tokens_require_a_key():
    with pytest.raises(ConfigurationError, match="PINBRIDGE_TOKEN_KEYS"):
        Settings.from_env({}).require_token_keys()
