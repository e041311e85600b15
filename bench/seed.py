"""Bench data: one queue with waiting customers, a staff member with a ready session."""

from __future__ import annotations

import json
import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from frontdesk.access import capabilities as caps
    from frontdesk.access import services as access
    from frontdesk.access.scopes import Scope
    from frontdesk.identity.models import User
    from frontdesk.queues import services as queues

    waiting = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    organisation = access.organisation_create(name="Bench", slug="bench")
    location = access.location_create(
        actor=None, organisation=organisation, name="Bench", slug="bench"
    )
    queue = queues.queue_create(
        actor=None, location=location, name="Bench queue", expected_service_minutes=5
    )
    tickets = [
        queues.ticket_join(queue=queue, name=f"Customer {n}", phone="", sms_opt_in=False)
        for n in range(waiting)
    ]
    user = User.objects.create_user(email="bench@bench.test", password=None, is_staff=True)
    role = access.role_create(
        actor=None, organisation=organisation, name="All", capabilities=list(caps.CAPABILITIES)
    )
    access.grant_add(actor=None, user=user, role=role, scope=Scope("organisation", organisation.pk))
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "frontdesk.identity.backends.EmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    json.dump(
        {
            "ticket": f"/t/{tickets[-1].token}/",
            "board": f"/staff/queues/{queue.pk}/",
            "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
