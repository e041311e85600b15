"""The partner purchase webhook: POST /licensing/partners/<code>/purchases (IN-3, IN-18).

Authenticated by the partner's signature, not by a session or a CSRF token: it reads no
session, sets no cookie and never redirects. 200 for a notification recorded now or before;
400 for a forged or stale signature, or a body carrying payment details (refused unread,
nothing stored or logged); 422 for a signed body that is not a purchase we can record; 404 for
a partner we do not know — the partner is looked for among the partners of the business whose
host the notification came to, so another business's partner code is unknown. The body-size
limit of `RequestSizeMiddleware` applies.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from frontdesk.core import tenancy
from frontdesk.licensing import services
from frontdesk.licensing.errors import (
    ForgedNotificationError,
    InvalidNotificationError,
    PaymentDataRefusedError,
)


@csrf_exempt  # authenticated by the partner's signature instead (QL-5 still holds)
@require_POST
def purchases_webhook(request: HttpRequest, partner_code: str) -> JsonResponse:
    try:
        outcome = services.notification_receive(
            business_id=tenancy.business_id(),
            partner_code=partner_code,
            body=request.body,
            headers=request.headers,
        )
    except services.UnknownPartnerError as error:
        return JsonResponse({"detail": str(error)}, status=404)
    except (ForgedNotificationError, PaymentDataRefusedError) as error:
        return JsonResponse({"detail": str(error)}, status=400)
    except InvalidNotificationError as error:
        return JsonResponse({"detail": str(error)}, status=422)
    return JsonResponse({"outcome": outcome})
