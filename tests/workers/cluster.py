"""Several CaMag workers on one PostgreSQL database behind nginx, with the fake Bot API posting
updates to nginx as Telegram posts them to a webhook. Used by the test and the benchmark."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.bot.fake_telegram import TOKEN
from tests.conftest import REPO
from tests.fake_api_server import FakeBotApiServer

SECRET = "workers-test-secret-0123456789"
SHIPPED_NGINX = REPO / "deploy" / "camag.nginx.conf"
PATH = "/telegram"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise FileNotFoundError("nginx is not installed (tests/services installs Debian's nginx-light)")
    return found


def shipped_site(port: int, workers: list[int]) -> str:
    """deploy/camag.nginx.conf as shipped, less TLS: these workers' ports, and a plain listen."""
    text = SHIPPED_NGINX.read_text()
    upstreams = "".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;\n" for p in workers)
    text, servers = re.subn(r"(?m)(^    server 127\.0\.0\.1:\d+ .*\n)+", upstreams, text)
    text, listens = re.subn(
        r"(?m)^    listen 443 ssl;\n    listen \[::\]:443 ssl;\n", f"    listen 127.0.0.1:{port};\n", text
    )
    text, tls = re.subn(r"(?m)^    ssl_.*\n", "", text)
    if (servers, listens, tls) != (1, 1, 3):
        raise ValueError(f"{SHIPPED_NGINX} changed shape: update shipped_site() to match")
    return text


def nginx_config(folder: Path, port: int, workers: list[int]) -> str:
    """The shipped site, in a configuration of its own (pid, logs and temporary files in ``folder``)."""
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {folder}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
{temp}
{shipped_site(port, workers)}
}}
"""


@dataclass
class Cluster:
    """``count`` workers, nginx in front, the fake Bot API posting to nginx."""

    folder: Path
    database_url: str
    count: int = 3
    env: dict[str, str] = field(default_factory=dict)
    server: FakeBotApiServer = field(init=False)
    ports: list[int] = field(init=False)
    workers: list[subprocess.Popen[bytes]] = field(init=False, default_factory=list)
    nginx: subprocess.Popen[bytes] | None = field(init=False, default=None)

    def start(self) -> Cluster:
        self.server = FakeBotApiServer().start()
        self.ports = [free_port() for _ in range(self.count)]
        proxy = free_port()
        (self.folder / "nginx.conf").write_text(nginx_config(self.folder, proxy, self.ports))
        self.nginx = subprocess.Popen(
            [nginx_binary(), "-c", str(self.folder / "nginx.conf"), "-p", str(self.folder), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / "nginx.out").open("ab"),
        )
        self.server.webhook_target = f"http://127.0.0.1:{proxy}{PATH}"
        self.workers = [self._worker(n) for n in range(self.count)]
        if not self.server.wait_for(lambda: self.server.methods().count("setWebhook") >= self.count, 60):
            raise RuntimeError(f"the workers did not start: {self.logs()[-3000:]}")
        return self

    def _worker(self, n: int) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.server.base_url,
            "CAMAG_DATABASE_URL": self.database_url,
            "CAMAG_WEBHOOK_URL": f"https://camag.invalid{PATH}",
            "CAMAG_WEBHOOK_LISTEN": f"127.0.0.1:{self.ports[n]}",
            "CAMAG_WEBHOOK_SECRET": SECRET,
            "CAMAG_WORKERS": str(self.count),
            "CAMAG_DATA_DIR": str(self.folder / "unused"),
            "PYTHONPATH": str(REPO),
            **self.env,
        }
        with (self.folder / f"worker-{n}.log").open("ab") as log:
            return subprocess.Popen([sys.executable, "-m", "bot"], cwd=self.folder, env=env, stdout=log, stderr=log)

    def kill(self, n: int) -> None:
        self.workers[n].send_signal(signal.SIGKILL)
        self.workers[n].wait()

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.folder.glob("worker-*.log")))

    def stop(self) -> list[int | None]:
        """SIGTERM to each worker still running; their exit codes (None for one killed before)."""
        codes: list[int | None] = []
        for worker in self.workers:
            if worker.poll() is not None:
                codes.append(None)
                continue
            worker.send_signal(signal.SIGTERM)
            try:
                codes.append(worker.wait(30))
            except subprocess.TimeoutExpired:
                worker.kill()
                codes.append(-9)
        if self.nginx is not None:
            self.nginx.send_signal(signal.SIGQUIT)
            try:
                self.nginx.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        self.server.stop()
        return codes
