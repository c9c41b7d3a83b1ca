"""Home pages per role, health endpoints, error pages and the demo mailbox."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.http import require_GET

from sen.core import selectors
from sen.core.http import SenRequest
from sen.core.models import OutboxMessage
from sen.core.policy import requires


@require_GET
@requires("core.view_home")
def home(request: SenRequest) -> HttpResponse:
    actor = request.actor
    context = selectors.home_context(actor)
    return render(request, context["template"], context)


@login_not_required
@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """No database: the baseline the benchmarks compare pages against."""
    return HttpResponse("pong", content_type="text/plain")


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:
        database = "error"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database}, status=status
    )


@login_not_required
@require_GET
@requires("core.view_demo_mailbox")
def demo_mailbox(request: HttpRequest) -> HttpResponse:
    mails = OutboxMessage.objects.only("to", "subject", "created_at")[:100]
    return render(request, "core/demo_mailbox.html", {"mails": mails})


@login_not_required
@require_GET
@requires("core.view_demo_mailbox")
def demo_mail_message(request: HttpRequest, pk: int) -> HttpResponse:
    mail = get_object_or_404(OutboxMessage, pk=pk)
    return render(request, "core/demo_mail_message.html", {"mail": mail})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """A standalone, bilingual page rendered without context processors or the database:
    whatever broke (the database, translations, a context processor) cannot break it too."""
    return HttpResponseServerError(loader.get_template("500.html").render())
