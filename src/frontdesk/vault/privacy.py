"""The vault holds keys and the ledger of erased accounts, not personal data (see
`frontdesk.core.declarations`)."""

from __future__ import annotations

from frontdesk.core.declarations import NotPersonal
from frontdesk.core.privacy import Drop

NOT_PERSONAL = [
    NotPersonal("vault.ErasedSubject", "key_id", "the random id of a destroyed data key"),
]

# Keys never leave production: an anonymised copy holds fake values written in the clear. The
# ledger of erased accounts is production's own record; a copy starts without one.
COPY_RULES = [Drop("vault.DataKey"), Drop("vault.ErasedSubject")]
