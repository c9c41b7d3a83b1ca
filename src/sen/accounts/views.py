from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sen.accounts import services
from sen.accounts.forms import LoginForm, SwitchRoleForm
from sen.core.http import SenRequest
from sen.core.policy import requires


@method_decorator(login_not_required, name="dispatch")
class SenLoginView(LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        services.record_login(request=self.request, user=form.get_user())
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You are logged out."))
    return redirect("accounts:login")


@require_POST
@requires("accounts.switch_role")
def switch_role(request: SenRequest) -> HttpResponse:
    form = SwitchRoleForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.switch_membership(
        request=request,
        actor=request.actor,
        membership_id=form.cleaned_data["membership"],
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target or "/")
