"""The e-mails the staff area sends. Callers send them with `transaction.on_commit`, so nothing
goes out for a change that was rolled back. Each is its business's: from its address, with
links to its own site, to its own staff."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.urls import reverse

from frontdesk.access.brand import sender
from frontdesk.access.hosts import absolute_url
from frontdesk.core import tenancy
from frontdesk.identity.models import User
from frontdesk.staff.models import SecurityPolicyVersion

logger = logging.getLogger(__name__)

# Plain text, built here rather than in a template: a text e-mail must not HTML-escape the
# organisation's name, and templates never turn autoescaping off (QM-4).
POLICY_PUBLISHED = """Hello,

{organisation} has published version {version} of its security policy.

Please read and accept it before you next open customer data: until you do, the staff pages
that show customer data will ask you to accept it first.

{link}
"""


def send_policy_published(*, version_id: int, user_ids: list[int]) -> None:
    """Tell each person held to the policy that a new version awaits their acknowledgement
    (QM-6): one message each, so nobody learns who else works there. Accounts deactivated
    meanwhile get nothing (QM-11); one failed delivery does not stop the others."""
    version = SecurityPolicyVersion.objects.select_related("organisation").get(pk=version_id)
    organisation = version.organisation
    # The business's own address, never one from a request's Host header.
    link = absolute_url(reverse("staff:policy_acknowledge"), organisation)
    subject = f"{organisation}: security policy {version.version} to acknowledge"
    body = POLICY_PUBLISHED.format(organisation=organisation, version=version.version, link=link)
    with tenancy.bound(organisation.tenant):  # its staff: accounts of that business only
        recipients = list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))
    for user in recipients:
        try:
            send_mail(subject, body, sender(organisation), [user.email])
        except OSError:  # SMTP errors are OSErrors; the page will still hold them at the gate
            logger.exception("Policy notice to user #%s not sent", user.pk)
