"""Pages of support, mounted at the site root: the signed-in customer's requests under
/support/, a public request followed by its opaque link under /support/t/<token>/ (QL-7), the
public request and feedback forms, and staff pages under /staff/support/ by numeric id."""

from django.urls import URLPattern, URLResolver, path, re_path

from frontdesk.support.views import customer, public, staff

app_name = "support"

_FOLLOW = r"^support/t/(?P<token>[0-9a-f]{48})/"

# The same request pages, by number (signed in) and by token (the follow link).
_PAGES = [
    ("", customer.ticket, "ticket"),
    ("reply", customer.reply, "reply"),
    ("attach", customer.attach, "attach"),
    ("approve", customer.approve, "approve"),
    ("resolve", customer.resolve, "resolve"),
    ("reopen", customer.reopen, "reopen"),
    ("copy", customer.copy, "copy"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("support/", customer.mine, name="mine"),
    path("support/new/", public.new_request, name="new"),
    path("support/feedback/", public.feedback, name="feedback"),
    *[
        path(f"support/tickets/<int:ticket_id>/{suffix}", view, name=name)
        for suffix, view, name in _PAGES
    ],
    *[
        re_path(rf"{_FOLLOW}{suffix}$", view, name=f"public_{name}")
        for suffix, view, name in _PAGES
    ],
    path("staff/support/", staff.index, name="staff_index"),
    path("staff/support/tickets/<int:ticket_id>/", staff.ticket, name="staff_ticket"),
    path("staff/support/tickets/<int:ticket_id>/reply", staff.reply, name="staff_reply"),
    path("staff/support/tickets/<int:ticket_id>/resolve", staff.resolve, name="staff_resolve"),
    path("staff/support/tickets/<int:ticket_id>/reopen", staff.reopen, name="staff_reopen"),
    path("staff/support/tickets/<int:ticket_id>/fraud", staff.fraud_mark, name="staff_fraud"),
    path(
        "staff/support/tickets/<int:ticket_id>/fraud/clear",
        staff.fraud_clear,
        name="staff_fraud_clear",
    ),
    path(
        "staff/support/attachments/<int:attachment_id>/",
        staff.attachment,
        name="staff_attachment",
    ),
    path("staff/support/teams/<int:team_id>/feedback/", staff.feedback, name="staff_feedback"),
]
