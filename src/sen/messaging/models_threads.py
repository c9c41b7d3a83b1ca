"""A conversation per placement (gesprek) between its parties; messages are never edited.

Who reads and who writes is decided in `sen.messaging.rules`; the rows follow the
placement's scope, so an outsider's query finds nothing. A `Message` is written
once by `sen.messaging.threads.services.post_message` and never changed: there is
no service, form or URL that edits or deletes one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sen.core.scoping import Scope, ScopedManager


def _through(prefix: str) -> Scope:
    """The placement's own scope (sen.placements.models.Placement), through `prefix`."""
    return Scope(
        school=f"{prefix}__student__school",
        company=f"{prefix}__offer__company",
        supervisor=f"{prefix}__supervisor",
        student=f"{prefix}__student",
    )


class Thread(models.Model):
    """The conversation of one placement; created with its first message."""

    placement = models.OneToOneField(
        "placements.Placement",
        on_delete=models.CASCADE,
        related_name="thread",
        verbose_name=_("placement"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now, editable=False)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)

    scope = _through("placement")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("conversation")

    def __str__(self) -> str:
        return f"{self.placement_id}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.placement.student.school_id}


class Message(models.Model):
    """One message in a conversation: its author, the role they wrote in, and the text."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    author_role = models.CharField(_("as"), max_length=30)
    body = models.TextField(_("message"), max_length=2000)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)

    scope = _through("thread__placement")
    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        indexes = [models.Index(fields=["thread", "-created_at"], name="message_thread_idx")]

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.pk}"

    def audit_context(self) -> dict[str, int | None]:
        return {"school_id": self.thread.placement.student.school_id}
