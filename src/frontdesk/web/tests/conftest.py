"""Every web test goes through the middleware, which counts requests in the shared cache (a
database table): each test gets the database and a clean cache, so counters never leak."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache(db: None) -> None:
    cache.clear()
