"""The inbound SMS webhook. (The staff's SMS outbox is a page of the queues app: it shows the
messages of the queues the reader serves.)"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from frontdesk.messaging import services, webhooks
from frontdesk.messaging.phones import InvalidPhoneError

REPLIES = {
    "stop": "You will get no more SMS from us. Reply START to get them again.",
    "start": "You will get our SMS again. Reply STOP to stop them.",
}


def _twiml(message: str = "") -> HttpResponse:
    inner = f"<Message>{escape(message)}</Message>" if message else ""
    return HttpResponse(
        f'<?xml version="1.0" encoding="UTF-8"?><Response>{inner}</Response>',
        content_type="text/xml; charset=utf-8",
    )


def _signed(request: HttpRequest) -> bool:
    """Whether the request carries a valid provider signature (or none is required)."""
    secret = settings.FRONTDESK_SMS_WEBHOOK_SECRET
    if not secret:
        # Unsigned requests are accepted only outside production (demo, development).
        return not settings.PRODUCTION
    return webhooks.signature_valid(
        secret=secret,
        url=request.build_absolute_uri(),
        params=[(name, value) for name in request.POST for value in request.POST.getlist(name)],
        signature=request.headers.get("X-Twilio-Signature", ""),
    )


@csrf_exempt  # authenticated by the provider's signature instead (QL-5 still holds)
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """A reply to one of our SMS: STOP opts the phone out, START opts it back in (QL-2)."""
    if not _signed(request):
        return HttpResponseForbidden("Invalid signature.")
    action = webhooks.keyword(request.POST.get("Body", ""))
    if not action:
        return _twiml()
    try:
        if action == "stop":
            services.sms_opt_out(actor=None, phone=request.POST.get("From", ""))
        else:
            services.sms_opt_in(actor=None, phone=request.POST.get("From", ""))
    except InvalidPhoneError:
        return HttpResponse("Invalid sender.", status=400, content_type="text/plain")
    return _twiml(REPLIES[action])
