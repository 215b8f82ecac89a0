"""The real bot process (``python -m bot``) against a fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store.tinydb_store import PersonFiles
from tests.conftest import REPO
from tests.fake_api_server import FakeBotApiServer

TOKEN = "7000001:PROCESS-secret-token-never-logged"


@pytest.fixture
def server():
    fake = FakeBotApiServer().start()
    yield fake
    fake.stop()


def environment(server: FakeBotApiServer, tmp_path: Path, **more: str) -> dict[str, str]:
    """The bot process's environment: the fake Bot API, a data folder in ``tmp_path``, DEBUG logs."""
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "CAMAG_DATA_DIR": str(tmp_path / "data"),
        "LOG_LEVEL": "DEBUG",
        "PYTHONPATH": str(REPO),
        **more,
    }


def start(server: FakeBotApiServer, tmp_path: Path, **more: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=environment(server, tmp_path, **more),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(bot: subprocess.Popen[str]) -> str:
    """SIGTERM, and the log of a clean shutdown (exit 0, no traceback)."""
    try:
        bot.send_signal(signal.SIGTERM)
        _, log = bot.communicate(timeout=30)
    finally:
        if bot.poll() is None:
            bot.kill()
    assert bot.returncode == 0, log[-2000:]
    assert "Traceback" not in log
    return log


def test_sigterm_mid_interview_shuts_down_cleanly_and_keeps_every_answer(server, tmp_path: Path):
    data = tmp_path / "data"
    bot = start(server, tmp_path)
    try:
        assert server.wait_for(lambda: "getUpdates" in server.methods(), 30), "the bot never polled"
        server.message(42, "/check")
        assert server.wait_for(lambda: len(server.sent[42]) >= 1)
        server.message(42, "45")
        assert server.wait_for(lambda: len(server.sent[42]) >= 2)
        question = server.sent[42][-1]
        assert "Which should I use?" in question["text"]
        server.tap(42, question, "a|sex|female")
        assert server.wait_for(lambda: "pregnant" in server.sent[42][-1]["text"])
    finally:
        log = stop(bot)
    assert " DEBUG bot." in log  # the whole session was logged at DEBUG
    assert "Calling Bot API endpoint" not in log  # PTB's request log holds ids and answers: kept quiet
    assert "pregnant" not in log.lower()  # nothing the person was asked or answered
    assert TOKEN not in log
    assert TOKEN.split(":")[1] not in log
    person = PersonFiles(data / "people" / "42").read_person()
    assert person is not None
    assert person.interview is not None
    assert person.interview.draft == {"age": 45.0, "sex": "female"}
    assert not list(data.rglob(".*.tmp"))


def run_bot(server: FakeBotApiServer, tmp_path: Path, *arguments: str, **more: str) -> subprocess.CompletedProcess[str]:
    """``python -m bot`` to its end (or ``python`` with other ``arguments``)."""
    return subprocess.run(
        [sys.executable, *(arguments or ("-m", "bot"))],
        cwd=tmp_path,
        env=environment(server, tmp_path, **more),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_rejected_token_is_reported_without_showing_it(server, tmp_path: Path):
    server.reject_token = True
    done = run_bot(server, tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 2
    assert "Telegram rejected the bot token" in output
    assert TOKEN not in output
    assert TOKEN.split(":")[1] not in output


def test_a_bad_setting_never_prints_a_secret(server, tmp_path: Path):
    secret = "short secret!"  # not a valid webhook secret: the error must not quote it
    done = run_bot(server, tmp_path, CAMAG_WEBHOOK_URL="https://example.org/hook", CAMAG_WEBHOOK_SECRET=secret)
    assert done.returncode == 2
    assert "CAMAG_WEBHOOK_SECRET is required" in done.stderr
    assert secret not in done.stdout + done.stderr


def test_webhook_mode_serves_updates_and_stops_cleanly(server, tmp_path: Path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    secret = "Process_Webhook_Secret_0123456789"
    bot = start(
        server,
        tmp_path,
        CAMAG_WEBHOOK_URL="https://camag.example.org/hook",
        CAMAG_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
        CAMAG_WEBHOOK_SECRET=secret,
    )
    try:
        assert server.wait_for(lambda: "setWebhook" in server.methods(), 30), "no setWebhook"
        body = json.dumps(
            {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 42, "type": "private"},
                    "from": {"id": 42, "is_bot": False, "first_name": "Ada"},
                    "text": "/help",
                },
            }
        ).encode()
        head = (
            f"POST /hook HTTP/1.1\r\nHost: x\r\nX-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        )
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            client.sendall(head.encode() + body)
            assert client.recv(100).startswith(b"HTTP/1.1 200")
        assert server.wait_for(lambda: len(server.sent[42]) >= 1)
        assert "/check" in server.sent[42][-1]["text"]
        assert get(port, "/healthz") == (200, "ok\n")  # beside the webhook, on its listener
        assert 'camag_updates_total{kind="message"} 1.0' in get(port, "/metrics")[1]
    finally:
        log = stop(bot)
    assert secret not in log
    assert TOKEN not in log


def test_a_second_process_on_one_data_folder_is_refused(server, tmp_path: Path):
    """Two processes on one data folder would send each check-in twice."""
    first = start(server, tmp_path)
    try:
        assert server.wait_for(lambda: "getUpdates" in server.methods(), 30), "the first bot never polled"
        second = start(server, tmp_path)
        _, err = second.communicate(timeout=60)
        assert second.returncode == 2
        assert "another CaMag process is using" in err
        assert "several workers need PostgreSQL" in err
        assert "Traceback" not in err
    finally:
        stop(first)


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    """A start-up failure as an operator must see it: exit 2, one line on stderr, nothing on stdout."""
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr[-3000:]
    assert lines[0].startswith("camag-bot")
    assert TOKEN.split(":")[1] not in done.stderr
    return lines[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_rejected_token_is_one_line_and_no_unclosed_session(server, tmp_path: Path):
    server.reject_token = True
    assert "Telegram rejected the bot token" in one_line(run_bot(server, tmp_path, LOG_LEVEL="INFO"))


def test_no_network_is_one_line(server, tmp_path: Path):
    said = one_line(
        run_bot(server, tmp_path, LOG_LEVEL="INFO", TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}/bot")
    )
    assert "can't reach Telegram's Bot API" in said


@pytest.mark.parametrize(
    ("token", "said"),
    [
        ('"7000001:PROCESS-secret-token-never-logged"', "not a bot token"),  # quoted twice over
        ("7000001 PROCESS-secret-token-never-logged", "not a bot token"),
        ("PROCESS-secret-token-never-logged", "not a bot token"),
    ],
)
def test_a_token_of_the_wrong_shape_is_one_line_before_any_request(server, tmp_path: Path, token, said):
    assert said in one_line(run_bot(server, tmp_path, LOG_LEVEL="INFO", TELEGRAM_BOT_TOKEN=token))
    assert server.methods() == []  # Telegram was never asked


def test_a_missing_token_says_how_to_get_one_and_exits_2(server, tmp_path: Path):
    done = run_bot(server, tmp_path, LOG_LEVEL="INFO", TELEGRAM_BOT_TOKEN="")
    assert done.returncode == 2
    assert "@BotFather" in done.stderr
    assert done.stderr.splitlines()[-1] == "camag-bot: TELEGRAM_BOT_TOKEN is not set (see above)"


def test_a_webhook_port_in_use_is_one_line(server, tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_bot(
            server,
            tmp_path,
            LOG_LEVEL="INFO",
            CAMAG_WEBHOOK_URL="https://camag.example.org/hook",
            CAMAG_WEBHOOK_LISTEN=f"127.0.0.1:{port}",
            CAMAG_WEBHOOK_SECRET="Process_Webhook_Secret_0123456789",  # noqa: S106 - a test value
        )
    said = one_line(done)
    assert f"can't listen on 127.0.0.1:{port} for webhooks: address already in use" in said
    assert "CAMAG_WEBHOOK_LISTEN" in said


def test_a_metrics_port_in_use_is_one_line(server, tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        said = one_line(run_bot(server, tmp_path, LOG_LEVEL="INFO", CAMAG_METRICS_LISTEN=f"127.0.0.1:{port}"))
    assert "CAMAG_METRICS_LISTEN" in said


def test_a_bad_setting_is_one_line(server, tmp_path: Path):
    said = one_line(run_bot(server, tmp_path, LOG_LEVEL="INFO", CAMAG_DEFAULT_TIMEZONE="Mars/Olympus"))
    assert "unknown time zone" in said


NOWHERE = "postgresql://camag:pw@127.0.0.1:1/camag"  # a database URL that is never reached


def test_a_database_url_without_the_driver_is_one_line(server, tmp_path: Path):
    without = "import sys; sys.modules['psycopg'] = None; from bot.__main__ import main; sys.exit(main())"
    done = run_bot(server, tmp_path, "-c", without, LOG_LEVEL="INFO", CAMAG_DATABASE_URL=NOWHERE)
    assert "pip install 'camag[postgres]'" in one_line(done)


def test_copy_tinydb_on_a_folder_in_use_is_one_line(server, tmp_path: Path):
    bot = start(server, tmp_path)
    try:
        assert server.wait_for(lambda: "getUpdates" in server.methods(), 30), "the bot never polled"
        copy = ("-m", "bot", "copy-tinydb", str(tmp_path / "data"))
        done = run_bot(server, tmp_path, *copy, LOG_LEVEL="INFO", CAMAG_DATABASE_URL=NOWHERE)
    finally:
        stop(bot)
    assert "another CaMag process is using" in one_line(done)


def get(port: int, path: str) -> tuple[int, str]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    head, _, body = answer.decode().partition("\r\n\r\n")
    return int(head.split(" ")[1]), body


def test_polling_mode_serves_health_and_metrics_on_their_own_port_and_stats_reads_them(server, tmp_path: Path):
    port = free_port()
    bot = start(server, tmp_path, CAMAG_METRICS_LISTEN=f"127.0.0.1:{port}")
    try:
        assert server.wait_for(lambda: "getUpdates" in server.methods(), 30), "the bot never polled"
        server.message(42, "/check")
        assert server.wait_for(lambda: len(server.sent[42]) >= 1)
        assert get(port, "/healthz") == (200, "ok\n")
        status, page = get(port, "/metrics")
        assert status == 200
        assert 'camag_updates_total{kind="message"} 1.0' in page
        assert 'camag_replies_total{method="sendMessage"} 1.0' in page
        assert "camag_people 1.0" in page
        assert "camag_update_seconds_count 1.0" in page
        stats = subprocess.run(
            [sys.executable, "-m", "bot", "stats"],
            cwd=tmp_path,
            env=environment(server, tmp_path, CAMAG_METRICS_LISTEN=f"127.0.0.1:{port}"),
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        stop(bot)
    assert stats.returncode == 0, stats.stderr
    assert "people: 1" in stats.stdout
    assert "updates: message 1" in stats.stdout
    assert "sendMessage 1" in stats.stdout
    assert "errors: none" in stats.stdout
