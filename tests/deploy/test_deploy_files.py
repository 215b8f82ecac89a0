"""The shipped systemd unit and nginx site, checked by the tools that will read them.

`systemd-analyze verify` and `nginx -t` come with Debian's systemd and nginx-light (tests/services
installs them on CI); without them these tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.workers.cluster import nginx_binary

UNIT = REPO / "deploy" / "camag@.service"
SITE = REPO / "deploy" / "camag.nginx.conf"
DOMAIN = "camag.example.org"


def tool(name: str) -> str:
    found = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if Path(p).exists()), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (tests/services installs it)")
        pytest.skip(f"{name} is not installed")
    return found


def unit() -> configparser.ConfigParser:
    parsed = configparser.ConfigParser(strict=False, interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment, method-assign]
    parsed.read_string(UNIT.read_text())
    return parsed


def test_the_unit_starts_after_the_network_and_postgresql_and_comes_back_after_a_reboot():
    parsed = unit()
    assert parsed["Install"]["WantedBy"] == "multi-user.target"  # systemctl enable has something to do
    assert {"network-online.target", "postgresql.service"} <= set(parsed["Unit"]["After"].split())
    assert parsed["Unit"]["Wants"] == "network-online.target"
    assert parsed["Service"]["Restart"] == "always"
    assert parsed["Service"]["User"] == "camag"


def test_each_worker_gets_its_own_port_whatever_env_says():
    """The unit's Environment= is a real environment variable, which CaMag puts before .env; an
    EnvironmentFile= would instead let a CAMAG_WEBHOOK_LISTEN in .env give every worker one port."""
    service = unit()["Service"]
    assert "EnvironmentFile" not in service
    assert "CAMAG_WEBHOOK_LISTEN=127.0.0.1:%i" in UNIT.read_text()


def test_systemd_analyze_verifies_the_unit(tmp_path: Path):
    verify = tool("systemd-analyze")
    # The unit as installed from this checkout (its ExecStart must exist for verify to pass).
    (tmp_path / "camag@.service").write_text(UNIT.read_text().replace("/srv/camag", str(REPO)))
    done = subprocess.run(
        [verify, "verify", str(tmp_path / "camag@8441.service")], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    complaints = [line for line in done.stderr.splitlines() if "camag@" in line]
    assert complaints == []


def test_nginx_accepts_the_site_with_a_certificate(tmp_path: Path):
    nginx, openssl = nginx_binary(), tool("openssl")
    key, cert = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    certificate = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={DOMAIN}"]
    subprocess.run(
        [openssl, *certificate, "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = SITE.read_text().replace(f"/etc/letsencrypt/live/{DOMAIN}", str(tmp_path))
    assert str(cert) in site
    assert str(key) in site
    (tmp_path / "camag.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n    client_body_temp_path {tmp_path}/body;\n    proxy_temp_path {tmp_path}/proxy;\n"
        f"    include {tmp_path}/camag.conf;\n}}\n"
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr
    assert "[warn]" not in done.stderr, done.stderr
