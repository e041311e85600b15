"""All URLs: each app mounts its own; the JSON API lives under /api/."""

from django.urls import include, path

from frontdesk.config.api import api

urlpatterns = [
    path("", include("frontdesk.web.urls")),
    path("account/", include("frontdesk.identity.urls")),
    path("staff/", include("frontdesk.staff.urls")),
    path("", include("frontdesk.queues.urls")),
    path("", include("frontdesk.shop.urls")),
    path("", include("frontdesk.insights.urls")),
    path("", include("frontdesk.support.urls")),
    path("", include("frontdesk.licensing.urls")),
    path("", include("frontdesk.promotions.urls")),
    path("", include("frontdesk.misuse.urls")),
    path("", include("frontdesk.messaging.urls")),
    path("", include("frontdesk.privacy.urls")),
    path("payments/", include("frontdesk.payments.urls")),
    path("api/", api.urls),
]

handler400 = "frontdesk.web.views.bad_request"
handler403 = "frontdesk.web.views.permission_denied"
handler404 = "frontdesk.web.views.page_not_found"
handler500 = "frontdesk.web.views.server_error"
