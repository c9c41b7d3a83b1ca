"""A small load generator: N threads, each with its own keep-alive connection.

Standard library only (http.client). Every run is bounded by time and by a
request count, and it only ever talks to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

HOST = "127.0.0.1"


@dataclass
class Target:
    path: str
    role: str  # "anonymous" or a demo login's name
    cookie: str = ""


@dataclass
class Result:
    target: Target
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: int = 0
    seconds: float = 0.0
    first_error: str = ""

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000


def request(
    port: int,
    method: str,
    path: str,
    *,
    cookie: str = "",
    body: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, list[str]], str]:
    """One request on a fresh connection: (status, headers, text)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    headers = {"Cookie": cookie} if cookie else {}
    data = None
    if body is not None:
        data = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        found: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            found.setdefault(name.lower(), []).append(value)
        return response.status, found, text
    finally:
        conn.close()


def cookies_from(headers: dict[str, list[str]]) -> dict[str, str]:
    jar = {}
    for line in headers.get("set-cookie", []):
        name, _, rest = line.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def log_in(port: int, email: str, password: str) -> str:
    """Log in through the real login form; return the Cookie header of the session."""
    status, headers, page = request(port, "GET", "/account/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        raise RuntimeError(f"the login page answered {status} without a CSRF token")
    jar = cookies_from(headers)
    cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
    body = {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
    status, headers, _ = request(port, "POST", "/account/login/", cookie=cookie, body=body)
    jar.update(cookies_from(headers))
    if status != 302 or "sessionid" not in "".join(jar):
        raise RuntimeError(f"logging in as {email} failed (status {status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


class _NavLinks(HTMLParser):
    """The links of the page header's menu (`<header>` ... `</header>`)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "header":
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith(("/static/", "//")):
                self.links.append(href.split("#", 1)[0])

    def handle_endtag(self, tag: str) -> None:
        if tag == "header" and self.depth:
            self.depth -= 1


def menu_links(html: str) -> list[str]:
    parser = _NavLinks()
    parser.feed(html)
    return list(dict.fromkeys(parser.links))


def drive(
    port: int, target: Target, *, duration: float, concurrency: int, max_requests: int
) -> Result:
    """Request `target` from `concurrency` threads until `duration` or `max_requests`."""
    result = Result(target)
    lock = threading.Lock()
    budget = [max_requests]
    headers = {"Connection": "keep-alive"}
    if target.cookie:
        headers["Cookie"] = target.cookie
    start = time.perf_counter()
    deadline = start + duration

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        own: list[float] = []
        errors = 0
        first_error = ""
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            began = time.perf_counter()
            try:
                conn.request("GET", target.path, headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - began
                if response.status == 200:
                    own.append(elapsed)
                else:
                    errors += 1
                    first_error = first_error or f"status {response.status}"
                if response.will_close:
                    conn.close()  # http.client opens a new connection on the next request
            except (OSError, http.client.HTTPException) as exc:
                errors += 1
                first_error = first_error or type(exc).__name__
                conn.close()
        conn.close()
        with lock:
            result.latencies.extend(own)
            result.errors += errors
            result.first_error = result.first_error or first_error

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 60)
    result.seconds = time.perf_counter() - start
    return result
