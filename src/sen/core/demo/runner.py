"""Run the demo: a web server and a task worker as child processes, stopped together.

The children get their own session, so a Ctrl-C reaches only this process,
which then stops both in order; on Linux they also receive SIGTERM should this
process die without cleaning up (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import FrameType
from typing import TextIO

from sen.core.demo import DEMO_LOGINS, DEMO_PASSWORD

STOP_TIMEOUT = 10.0
READY_TIMEOUT = 90.0


class DemoError(Exception):
    pass


class _Stop(Exception):
    """Raised by the signal handler to leave the wait loop."""


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid


def browser_host(host: str) -> str:
    """Where a browser on this machine reaches a server bound to `host`."""
    if host in ("0.0.0.0", ""):  # noqa: S104 - comparing, not binding
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise DemoError(
                    f"Port {port} on {host} is already in use. Stop what uses it, or choose "
                    f"another port: make demo PORT={port + 1}"
                ) from exc
            raise DemoError(f"Cannot listen on {host}:{port}: {exc.strerror}") from exc


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def spawn(name: str, args: list[str], env: dict[str, str]) -> Child:
    process = subprocess.Popen(  # noqa: S603 - our own interpreter with fixed arguments
        [sys.executable, "-m", "sen", *args],
        env=env,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    return Child(name, process)


def stop(children: list[Child], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM every child still running, then SIGKILL what has not ended in time."""
    for child in children:
        if child.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                child.process.terminate()
    deadline = time.monotonic() + timeout
    for child in children:
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()


def wait_until_ready(url: str, children: list[Child], timeout: float = READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in children:
            if child.process.poll() is not None:
                raise DemoError(
                    f"The {child.name} stopped at start-up (exit code {child.process.returncode})."
                )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local URL
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise DemoError(f"The web server did not answer {url} within {timeout:.0f} s.")


@contextlib.contextmanager
def stop_signals() -> Iterator[None]:
    """SIGINT (Ctrl-C), SIGTERM and SIGHUP end the demo.

    SIGINT is set explicitly: a process started with SIGINT ignored (as some
    launchers and test runners do) would otherwise never see Ctrl-C.
    """

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Stop

    previous = {
        sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def banner(base_url: str, children: list[Child], region_summary: str) -> str:
    rows = [(login.label, login.email) for login in DEMO_LOGINS]
    role_width = max(len(label) for label, _ in rows)
    mail_width = max(len(email) for _, email in rows)
    rule = "=" * (role_width + mail_width + len(DEMO_PASSWORD) + 10)
    lines = [
        rule,
        f"  SEN demo is running:  {base_url}/",
        f"  Demo mailbox (every e-mail SEN sends lands here):  {base_url}/demo/mail/",
        f"  {region_summary}",
        "",
        "  Log in as any of these people (all made up):",
        "",
        f"    {'Role':<{role_width}}  {'E-mail':<{mail_width}}  Password",
        f"    {'-' * role_width}  {'-' * mail_width}  {'-' * len(DEMO_PASSWORD)}",
        *(
            f"    {label:<{role_width}}  {email:<{mail_width}}  {DEMO_PASSWORD}"
            for label, email in rows
        ),
        "",
        "  Stop with Ctrl-C.  ("
        + ", ".join(f"{child.name} pid {child.pid}" for child in children)
        + ")",
        rule,
    ]
    return "\n".join(lines)


def serve(
    *,
    host: str,
    port: int,
    out: TextIO,
    region_summary: str,
    on_ready: Callable[[], None] | None = None,
) -> int:
    """Start the worker and the web server, print the banner, wait; stop both at the end."""
    env = {**os.environ, "SEN_ENV": "demo", "PYTHONUNBUFFERED": "1"}
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    base_url = f"http://{browser_host(host)}:{port}"
    children: list[Child] = []
    with stop_signals():
        try:
            children.append(
                spawn("task worker", ["db_worker", "--no-reload", "--no-startup-delay"], env)
            )
            children.append(
                spawn("web server", ["runserver", address, "--noreload", "--skip-checks"], env)
            )
            wait_until_ready(f"{base_url}/healthz/", children)
            out.write(banner(base_url, children, region_summary) + "\n")
            out.flush()
            if on_ready is not None:
                on_ready()
            while True:
                for child in children:
                    if child.process.poll() is not None:
                        out.write(
                            f"The {child.name} stopped (exit code "
                            f"{child.process.returncode}); stopping the demo.\n"
                        )
                        return 1
                time.sleep(0.5)
        except (KeyboardInterrupt, _Stop):
            out.write("\nStopping the demo ...\n")
            return 0
        finally:
            # A second Ctrl-C must not leave the children behind half-way.
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                stop(children)
            finally:
                signal.signal(signal.SIGINT, previous)
            if children:
                out.write("Stopped the web server and the task worker.\n")
                out.flush()
