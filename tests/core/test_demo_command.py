"""`python -m sen demo` end to end: first run builds the region, logins work, Ctrl-C stops all.

Starts real processes (the demo, its web server and its task worker) on a free
port with its own SQLite file in a temporary folder.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest

from sen.core.demo import DEMO_PASSWORD

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the demo always runs on its own SQLite file: the SQLite pass covers it",
    ),
]

START_TIMEOUT = 120.0
PIDS = re.compile(r"task worker pid (\d+), web server pid (\d+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Demo:
    def __init__(self, var_dir: Path, port: int) -> None:
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = var_dir / f"demo-{time.monotonic_ns()}.log"
        env = {**os.environ, "SEN_ENV": "demo", "SEN_VAR_DIR": str(var_dir)}
        env.pop("DATABASE_URL", None)
        self.started = time.monotonic()
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
                [sys.executable, "-m", "sen", "demo", "--port", str(port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_until_ready(self) -> tuple[int, int]:
        """Wait for /healthz/ and for the banner; return the children's pids."""
        deadline = self.started + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the demo ended early ({self.process.returncode}):\n{self.log}")
            found = PIDS.search(self.log)
            if found and self._healthy():
                return int(found.group(1)), int(found.group(2))
            time.sleep(0.3)
        self.stop(signal.SIGTERM)
        pytest.fail(f"the demo did not start within {START_TIMEOUT:.0f} s:\n{self.log}")

    def _healthy(self) -> bool:
        url = f"{self.base}/healthz/"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local http
                return bool(response.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def log_in(self, email: str) -> tuple[str, str]:
        """Log in through the real form (with its CSRF token); return the final URL and page."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        login_url = f"{self.base}/account/login/"
        with opener.open(login_url, timeout=10) as response:
            form = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token is not None, form
        data = urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": email, "password": DEMO_PASSWORD}
        ).encode()
        with opener.open(login_url, data=data, timeout=10) as response:
            return response.geturl(), response.read().decode()

    def stop(self, sig: signal.Signals) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"the demo did not stop on {sig.name}:\n{self.log}")


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its exit status is left


def test_demo_first_run_builds_region_serves_logins_and_stops_cleanly(tmp_path: Path) -> None:
    demo = Demo(tmp_path, free_port())
    try:
        pids = demo.wait_until_ready()
        student_url, student_page = demo.log_in("leerling@demo.sen.nl")
        coordinator_url, coordinator_page = demo.log_in("coordinator@demo.sen.nl")
    finally:
        status = demo.stop(signal.SIGINT)  # what Ctrl-C sends

    assert "First run: building the demo region" in demo.log
    assert (student_url, coordinator_url) == (f"{demo.base}/", f"{demo.base}/")
    assert "Vakcollege De Graafschap" in student_page
    assert "Vakcollege De Graafschap" in coordinator_page
    assert "leerling@demo.sen.nl" in demo.log  # the banner's table of logins
    assert f"{demo.base}/demo/mail/" in demo.log
    assert status == 0
    assert "Stopped the web server and the task worker." in demo.log
    assert [pid for pid in pids if is_running(pid)] == []

    # A second start reuses the region instead of building it again.
    again = Demo(tmp_path, free_port())
    try:
        pids = again.wait_until_ready()
        ready_after = time.monotonic() - again.started
    finally:
        status = again.stop(signal.SIGTERM)

    assert "Using the existing demo region Achterhoek." in again.log
    assert "building" not in again.log
    assert ready_after < 60
    assert status == 0
    assert [pid for pid in pids if is_running(pid)] == []


def test_demo_refuses_a_port_in_use(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "SEN_ENV": "demo", "SEN_VAR_DIR": str(tmp_path)}
        env.pop("DATABASE_URL", None)
        done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
            [sys.executable, "-m", "sen", "demo", "--port", str(port)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert done.returncode == 1
    assert f"Port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "building" not in done.stdout
