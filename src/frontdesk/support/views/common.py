"""What the customer's request pages share: whose request it is, and how its pages are
addressed — by number in the signed-in area, by the follow link's token otherwise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from frontdesk.identity.models import User
from frontdesk.support import selectors
from frontdesk.support.models import Ticket

PAGES = ("ticket", "reply", "attach", "approve", "resolve", "reopen", "copy")


@dataclass(frozen=True)
class CustomerAccess:
    """A request opened by its requester: signed in (`user`), or by its link (`token`)."""

    ticket: Ticket
    user: User | None
    token: str = ""

    def url(self, page: str) -> str:
        if self.token:
            return reverse(f"support:public_{page}", kwargs={"token": self.token})
        return reverse(f"support:{page}", kwargs={"ticket_id": self.ticket.pk})

    @property
    def urls(self) -> dict[str, str]:
        return {page: self.url(page) for page in PAGES}


CustomerView = Callable[[HttpRequest, CustomerAccess], HttpResponse]


def customer_page(view: CustomerView) -> Callable[..., HttpResponse]:
    """Never cached (FD-7). By number: only the signed-in requester (others get 404, strangers
    the sign-in page). By token: whoever holds the link; an unknown token gets 404."""

    @never_cache
    @wraps(view)
    def wrapper(
        request: HttpRequest, ticket_id: int | None = None, token: str | None = None
    ) -> HttpResponse:
        if token is not None:
            ticket = selectors.ticket_by_follow_token(token)
            if ticket is None:
                raise Http404
            return view(request, CustomerAccess(ticket=ticket, user=None, token=token))
        if not isinstance(request.user, User):
            return redirect_to_login(request.get_full_path())
        found = selectors.ticket_of_requester(user=request.user, ticket_id=int(ticket_id or 0))
        if found is None:
            raise Http404
        return view(request, CustomerAccess(ticket=found, user=request.user))

    return wrapper


def errors_from(form: Any, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, problems in error.error_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error)
