"""The vault holds keys, not personal data (see `frontdesk.core.declarations`)."""

from __future__ import annotations

from frontdesk.core.privacy import Drop

# Keys never leave production: an anonymised copy holds fake values written in the clear.
COPY_RULES = [Drop("vault.DataKey")]
