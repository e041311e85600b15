"""Erasing a person (FD-11, JF-7): their personal data is destroyed, not hidden; records the
law or the statistics keep stay, with the identity removed.

Driven by the declarations (`frontdesk.core.declarations.personal_data()`), so a new one is
erased without a change here. For each declaration tied to an account (`subject` a field path,
not "self"), the person's rows — found as the export finds them (`export.rows_about`) — are
deleted (`Erasure.DELETE`), or have the declared fields blanked the way the retention sweep
blanks them (`ANONYMISE`, `KEEP_WITHOUT_IDENTITY`), and, where the row points to the account
through a nullable foreign key, that key set to None. Then the account itself loses who it is
(`identity.services.account_identity_remove`): its row stays, so nothing that refers to it
(PROTECT, CASCADE) breaks. Declarations not tied to an account (`subject` "") are not touched:
nothing links them to the person. The audit log is append-only and names people by id only;
it is never changed, and gains one "privacy.account.erased" event with counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.apps import apps
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ForeignKey, Model

from frontdesk.audit.services import audit_record
from frontdesk.core.declarations import Erasure, PersonalData, personal_data
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.messaging.models import AnnouncementSubscriber
from frontdesk.privacy.export import SELF, rows_about
from frontdesk.privacy.retention import blanks_for

# The retention sweep's way of blanking a field ('' for text, None for nullable others).

ERASED_SUBJECT = "Your personal data has been erased"
ERASED_BODY = (
    "As you asked, we have erased the personal data we held about you. Records the law "
    "obliges us to keep no longer say who you are, and your account can no longer be used.\n\n"
    "This is the last e-mail we send to this address."
)


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure did: rows deleted and rows whose identity was removed, per model
    label, and what happened to the account itself (devices, tokens, sessions, …)."""

    deleted: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
    account: dict[str, int] = field(default_factory=dict)

    def details(self) -> dict[str, Any]:
        """The audit details: model labels and counts only, never a value."""
        return {"deleted": self.deleted, "anonymised": self.anonymised, "account": self.account}


def _tied_to_accounts() -> dict[str, list[PersonalData]]:
    """Declarations tied to an account by a field path, grouped by model label."""
    by_model: dict[str, list[PersonalData]] = {}
    for item in personal_data():
        if item.subject and item.subject != SELF:
            by_model.setdefault(item.model.lower(), []).append(item)
    return by_model


def _nullable_link(model: type[Model], subject: str) -> str | None:
    """The foreign key to the account when `subject` is one nullable field, else None."""
    if "__" in subject:
        return None
    link = model._meta.get_field(subject)
    return link.name if isinstance(link, ForeignKey) and link.null else None


def _erase_model(model: type[Model], items: list[PersonalData], user: User) -> Counter[str]:
    """Apply the model's declarations to the person's rows; the rows handled per label.

    The rows of every declaration are found before anything changes: blanking one
    declaration's fields or unlinking the account must not hide rows from the next."""
    rows = {id(item): set(rows_about(item, user).values_list("pk", flat=True)) for item in items}
    doomed: set[Any] = set()
    for item in items:
        if item.erasure == Erasure.DELETE:
            doomed |= rows[id(item)]
    kept: set[Any] = set()
    for item in items:
        if item.erasure == Erasure.DELETE:
            continue
        pks = rows[id(item)] - doomed
        changes: dict[str, Any] = blanks_for(model, item.fields)
        link = _nullable_link(model, item.subject)
        if link:
            changes[link] = None
        model._base_manager.filter(pk__in=pks).update(**changes)
        kept |= pks
    handled: Counter[str] = Counter()
    if kept:
        handled[f"anonymised:{model._meta.label}"] = len(kept)
    if doomed:
        for label, count in model._base_manager.filter(pk__in=doomed).delete()[1].items():
            handled[f"deleted:{label}"] += count
    return handled


def _subscription_delete(address: str) -> dict[str, int]:
    """The announcement list knows people by address only: the account's address leaves it
    (with the e-mails and unsubscribe links of that subscription)."""
    subscriber = AnnouncementSubscriber.objects.matching(email=address)
    return dict(subscriber.delete()[1])


def _report(handled: Counter[str], account: dict[str, int]) -> ErasureReport:
    deleted: dict[str, int] = {}
    anonymised: dict[str, int] = {}
    for key, count in sorted(handled.items()):
        kind, label = key.split(":", 1)
        (deleted if kind == "deleted" else anonymised)[label] = count
    return ErasureReport(deleted=deleted, anonymised=anonymised, account=account)


@transaction.atomic
def account_erase(*, actor: User | None, user: User) -> ErasureReport:
    """Erase `user` (FD-11, JF-7), all in one transaction: every declaration tied to the
    account is applied to their rows, their announcement subscription is deleted, and the
    account keeps its row but not its identity (placeholder e-mail address, no name, unusable
    password, inactive, no devices, tokens or sessions). One audit event records the counts.
    The person is told at their former address once the transaction has committed (unless
    the account was inactive: QM-11); that e-mail is sent directly, so no log keeps the
    address."""
    user = User.objects.select_for_update().get(pk=user.pk)
    address, was_active = user.email, user.is_active
    handled: Counter[str] = Counter()
    for label, items in _tied_to_accounts().items():
        handled.update(_erase_model(apps.get_model(label), items, user))
    for label, count in _subscription_delete(address).items():
        handled[f"deleted:{label}"] += count
    report = _report(handled, identity.account_identity_remove(user=user))
    audit_record(
        actor=actor, action="privacy.account.erased", target=user, details=report.details()
    )
    if was_active:  # an account its owner had made inactive is never contacted (QM-11)
        transaction.on_commit(partial(send_mail, ERASED_SUBJECT, ERASED_BODY, None, [address]))
    return report
