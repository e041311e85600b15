"""Pages of the queue service, mounted at the site root: the public join and ticket pages under
opaque tokens (QL-7), the staff pages (boards, reports, the SMS outbox of the queues served)
under /staff/ by numeric id."""

from django.urls import URLPattern, URLResolver, path, re_path

from frontdesk.queues.views import board, outbox, public, reports

app_name = "queues"

_OPAQUE = r"(?P<{}>[A-Za-z0-9_-]{{16,64}})"
_PUBLIC = _OPAQUE.format("public_token")
_TICKET = _OPAQUE.format("token")

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(rf"^q/{_PUBLIC}/$", public.join, name="join"),
    re_path(rf"^t/{_TICKET}/$", public.ticket, name="ticket"),
    re_path(rf"^t/{_TICKET}/wait$", public.ticket_wait, name="ticket_wait"),
    re_path(rf"^t/{_TICKET}/leave$", public.ticket_leave, name="ticket_leave"),
    path("staff/outbox/", outbox.outbox, name="outbox"),
    path("staff/queues/<int:queue_id>/", board.board, name="board"),
    path("staff/queues/<int:queue_id>/wait", board.board_wait, name="board_wait"),
    path("staff/queues/<int:queue_id>/walk-in", board.walk_in, name="walk_in"),
    path("staff/queues/<int:queue_id>/activate", board.activate, name="activate"),
    path("staff/queues/<int:queue_id>/deactivate", board.deactivate, name="deactivate"),
    path("staff/queues/<int:queue_id>/tickets", board.ticket_action, name="ticket_action"),
    path("staff/queues/<int:queue_id>/reports/", reports.queue_report, name="queue_report"),
    path(
        "staff/locations/<int:location_id>/reports/",
        reports.location_report,
        name="location_report",
    ),
]
