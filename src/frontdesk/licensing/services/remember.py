""" "Remember this Account" (IN-17): the browser keeps a random token in a cookie, the server
only the token's keyed digest and the account it stands for, so the cookie pre-fills the
e-mail field without holding the address. The person can make any browser forget it."""

from __future__ import annotations

from django.db import transaction

from frontdesk.audit.services import audit_record
from frontdesk.core import clock, tokens
from frontdesk.identity.models import User
from frontdesk.licensing.models import RememberedAccount

TOKEN_BYTES = 32
# Browsers remembered per account: the oldest beyond this are forgotten.
PER_ACCOUNT = 10


@transaction.atomic
def remember_issue(*, user: User) -> str:
    """Remember `user` on a browser: returns the token for its cookie (never stored)."""
    token = tokens.new_token(TOKEN_BYTES)
    RememberedAccount.objects.create(user=user, token_hash=tokens.digest(token))
    stale = RememberedAccount.objects.filter(user=user).order_by("-last_used_at", "-pk")
    RememberedAccount.objects.filter(
        pk__in=list(stale.values_list("pk", flat=True)[PER_ACCOUNT:])
    ).delete()
    audit_record(actor=user, action="licensing.remember.set", target=user)
    return token


@transaction.atomic
def remember_forget(*, token: str) -> None:
    """Forget the browser holding `token`; an unknown token changes nothing."""
    row = (
        RememberedAccount.objects.select_related("user")
        .filter(token_hash=tokens.digest(token))
        .first()
    )
    if row is not None:
        row.delete()
        audit_record(actor=row.user, action="licensing.remember.forgotten", target=row.user)


def remember_touch(*, remembered: RememberedAccount) -> None:
    """Note the browser was used to sign in (bookkeeping for the retention sweep; not
    audited)."""
    RememberedAccount.objects.filter(pk=remembered.pk).update(last_used_at=clock.now())
