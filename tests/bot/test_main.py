"""Starting the bot: settings and the message without a token."""

from __future__ import annotations

import pytest

from bot.__main__ import main
from bot.settings import Settings
from tests.conftest import REPO


def test_without_a_token_it_says_how_to_get_one(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main([]) == 2  # a failure like any other, after the steps to get going
    err = capsys.readouterr().err
    assert err.endswith("camag-bot: TELEGRAM_BOT_TOKEN is not set (see above)\n")
    assert "@BotFather" in err
    assert ".venv/bin/camag chat" in err  # a command that works from the project folder


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("CAMAG_DEFAULT_TIMEZONE", "Mars/Olympus", "unknown time zone"),
        ("CAMAG_WORKERS", "3", "CAMAG_WORKERS above 1 needs CAMAG_DATABASE_URL"),  # PostgreSQL and a webhook
    ],
)
def test_bad_settings_are_reported_not_raised(monkeypatch, tmp_path, capsys, name, value, said):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:x")
    monkeypatch.setenv(name, value)
    assert main([]) == 2
    err = capsys.readouterr().err
    assert said in err
    assert err.count("\n") == 1


def test_every_setting_is_documented_in_env_example():
    documented = (REPO / ".env.example").read_text()
    for name in Settings.model_fields:
        assert name.upper() in documented, name


def test_the_token_is_a_secret(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc-secret")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert "abc-secret" not in repr(settings)
    assert settings.token() == "123:abc-secret"
    with pytest.raises(LookupError):
        Settings(_env_file=None, telegram_bot_token=None).token()  # type: ignore[call-arg]
