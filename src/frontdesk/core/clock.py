"""One clock for the whole platform, so tests can freeze it with time-machine."""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    return timezone.now()
