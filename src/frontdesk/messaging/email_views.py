"""Public e-mail pages, no login needed: one-click unsubscribe (RFC 8058) and the announcement
list (join, confirm). No URL carries an address (QL-7): only opaque tokens."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from frontdesk.messaging import announcements, selectors, unsubscribe
from frontdesk.messaging.forms import AnnouncementJoinForm
from frontdesk.messaging.purposes import CONSENT_PURPOSES


# RFC 8058: mail clients POST here without cookies, login or CSRF token, and the POST must not
# redirect. The token itself is the proof; the POST only ever withdraws, so forging it gains
# nothing. The page therefore renders no {% csrf_token %} (it would set a cookie).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a confirm button. POST: withdraw the link's purpose; 200 with a short page, also
    when repeated. An unknown token: 404."""
    link = selectors.unsubscribe_token_find(token=token)
    if link is None:
        raise Http404
    purpose = CONSENT_PURPOSES.get(link.purpose)
    context = {"purpose_label": purpose.label if purpose else link.purpose}
    if request.method != "POST":
        return render(request, "messaging/unsubscribe.html", context)
    unsubscribe.unsubscribe_apply(link=link)
    return render(request, "messaging/unsubscribe_done.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def announcements_join(request: HttpRequest) -> HttpResponse:
    """The sign-up form; a valid address gets a confirmation link (double opt-in)."""
    form = AnnouncementJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        announcements.announcement_join(email=form.cleaned_data["email"])
        # The same answer whatever the address: nobody learns who is on the list.
        return render(request, "messaging/announcements_sent.html")
    return render(request, "messaging/announcements_join.html", {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def announcements_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a confirm button (link scanners that fetch the link subscribe nobody). POST: on
    the list."""
    subscriber = selectors.subscriber_by_token(token=token)
    if subscriber is None or subscriber.unsubscribed_at is not None:
        raise Http404
    if request.method == "POST":
        announcements.announcement_confirm(subscriber=subscriber)
        return render(request, "messaging/announcements_confirmed.html")
    return render(
        request,
        "messaging/announcements_confirm.html",
        {"confirmed": subscriber.confirmed_at is not None},
    )
