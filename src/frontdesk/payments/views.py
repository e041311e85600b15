"""The provider webhook endpoint: POST /payments/webhooks/<provider>/.

Authenticated by the provider's signature, not by a session or a CSRF token: it reads no
session, sets no cookie and never redirects. 200 for an event processed now or before; 400 for
a forged signature or an unreadable body; 404 for a provider we do not know. The body-size limit
of `RequestSizeMiddleware` (DATA_UPLOAD_MAX_MEMORY_SIZE) applies as everywhere.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from frontdesk.payments import services
from frontdesk.payments.errors import ForgedWebhook, UnknownProviderError, WebhookPayloadError


@csrf_exempt  # authenticated by the provider's signature instead (QL-5 still holds)
@require_POST
def webhook(request: HttpRequest, provider: str) -> JsonResponse:
    try:
        outcome = services.webhook_receive(
            provider=provider, body=request.body, headers=request.headers
        )
    except UnknownProviderError as error:
        raise Http404 from error
    except (ForgedWebhook, WebhookPayloadError) as error:
        return JsonResponse({"detail": str(error)}, status=400)
    return JsonResponse({"outcome": outcome})
