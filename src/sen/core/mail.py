"""The demo's mail outbox: e-mail is stored in the database and shown at /demo/mail/.

Only used when SEN_ENV=demo (settings.EMAIL_BACKEND), so a visitor can follow
invitation and password-reset links without a mail server.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from sen.core.models import OutboxMessage

        sent = 0
        for message in email_messages:
            body = message.body
            html = ""
            for alternative in getattr(message, "alternatives", []) or []:
                content, mimetype = alternative[0], alternative[1]
                if mimetype == "text/html":
                    html = str(content)
            for recipient in message.recipients():
                OutboxMessage.objects.create(
                    to=recipient, subject=str(message.subject), body=str(body), html=html
                )
                sent += 1
        return sent
