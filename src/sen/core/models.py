"""Base pieces shared by SEN's models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sen.core.scoping import Scope, ScopedManager


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """An e-mail as the demo's outbox backend stored it (demo mode only)."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    html = models.TextField(_("HTML body"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    # Only administrators through the policy; the demo mailbox view has its own rule.
    scope = Scope()
    objects = ScopedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbox message")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
