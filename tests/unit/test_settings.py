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


def test_oauth_settings_default_to_the_public_url():
    settings = Settings.from_env({"PINBRIDGE_PUBLIC_URL": "https://pins.example.com/"})
    assert settings.oauth_redirect_uri == "https://pins.example.com/v1/pinterest/oauth/callback"
    assert settings.oauth_allowed_origins == ("https://pins.example.com",)
    assert settings.simulator_authorize_url == "http://127.0.0.1:8000/simulator/oauth/"


def test_allowed_origins_are_normalised_and_paths_refused():
    env = {"PINBRIDGE_OAUTH_ALLOWED_ORIGINS": "https://App.Example.com, http://localhost:3000/"}
    assert Settings.from_env(env).oauth_allowed_origins == ("https://app.example.com", "http://localhost:3000")
    with pytest.raises(ConfigurationError, match="PINBRIDGE_OAUTH_ALLOWED_ORIGINS"):
        Settings.from_env({"PINBRIDGE_OAUTH_ALLOWED_ORIGINS": "https://app.example.com/callback"})


def test_public_url_must_be_absolute():
    with pytest.raises(ConfigurationError, match="PINBRIDGE_PUBLIC_URL"):
        Settings.from_env({"PINBRIDGE_PUBLIC_URL": "pins.example.com"})
