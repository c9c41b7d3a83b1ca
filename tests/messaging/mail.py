"""Mail backends for the delivery tests: one that fails once, one that always fails.

Used through settings.EMAIL_BACKEND = "tests.messaging.mail.FailOnceBackend"; call
`FailOnceBackend.reset()` first. A delivered message lands in django.core.mail.outbox
like with the test runner's locmem backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.locmem import EmailBackend
from django.core.mail.message import EmailMessage


class FailOnceBackend(EmailBackend):
    failures_left = 1

    @classmethod
    def reset(cls, failures: int = 1) -> None:
        cls.failures_left = failures

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if FailOnceBackend.failures_left > 0:
            FailOnceBackend.failures_left -= 1
            raise ConnectionRefusedError("421 mail server busy, try again later")
        return super().send_messages(messages)


class AlwaysFailBackend(EmailBackend):
    def send_messages(self, messages: Sequence[EmailMessage], *args: Any) -> int:
        raise ConnectionRefusedError("554 relay refused")
