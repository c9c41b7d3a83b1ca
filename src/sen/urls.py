from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("sen.core.urls")),
    path("account/", include("sen.accounts.urls")),
    path("network/", include("sen.network.urls")),
    path("students/import/", include("sen.network.urls_import")),
    path("catalogue/", include("sen.catalogue.urls")),
    path("audit/", include("sen.audit.urls")),
    path("placements/", include("sen.placements.urls")),
    path("agreements/", include("sen.agreements.urls")),
    path("logbook/", include("sen.logbook.urls")),
    path("assessment/", include("sen.assessment.urls")),
    path("portfolio/", include("sen.portfolio.urls")),
    path("messages/", include("sen.messaging.urls")),
    # Visitors choose their language before they log in (the login page's footer).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]

handler400 = "sen.core.views.bad_request"
handler403 = "sen.core.views.permission_denied"
handler404 = "sen.core.views.page_not_found"
handler500 = "sen.core.views.server_error"
