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

An account belongs to one business, and so does its erasure (FD-16): the rows are found
through the business-scoped managers with the account's business bound, so an erasure never
touches another business's data — not even the list subscription of the same address there.

Each erasure is listed in the vault's ledger of erased accounts (`frontdesk.vault.erasures`),
which backups of the main database do not hold. A restored backup brings an erased account's
row back with its identity (the e-mail's blind index, the password hash): `erasures_replay`
erases every listed account found so again, and destroys any listed key still alive.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import ForeignKey, Model

from frontdesk.audit.services import audit_record
from frontdesk.core import tenancy
from frontdesk.core.declarations import Erasure, PersonalData, personal_data
from frontdesk.identity import services as identity
from frontdesk.identity.models import User
from frontdesk.messaging.models import AnnouncementSubscriber
from frontdesk.privacy import emails
from frontdesk.privacy.export import SELF, business_of, rows_about
from frontdesk.privacy.retention import blanks_for
from frontdesk.vault import erasures as ledger

# Accounts read at a time when the ledger is compared with the main database.
BATCH = 500

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


def _subscription_delete(index: str | None) -> dict[str, int]:
    """The announcement list knows people by address only: the account's address leaves it
    (with the e-mails and unsubscribe links of that subscription). Found by the account's
    stored e-mail index, which is the subscriber's (both index the address in the "email"
    domain), so an account row a restored backup brought back finds it too, though its
    address no longer opens."""
    if not index:
        return {}
    return dict(AnnouncementSubscriber.objects.filter(email_index=index).delete()[1])


def _report(handled: Counter[str], account: dict[str, int]) -> ErasureReport:
    deleted: dict[str, int] = {}
    anonymised: dict[str, int] = {}
    for key, count in sorted(handled.items()):
        kind, label = key.split(":", 1)
        (deleted if kind == "deleted" else anonymised)[label] = count
    return ErasureReport(deleted=deleted, anonymised=anonymised, account=account)


def _erase(user: User) -> tuple[ErasureReport, str, bool]:
    """Erase `user` inside the caller's transaction, within the account's business: the
    report, and the former address and whether the account was active (for the notice). Not
    audited: the callers record it."""
    with tenancy.bound(business_of(user)):
        return _erase_in_business(user)


def _erase_in_business(user: User) -> tuple[ErasureReport, str, bool]:
    user = User.objects.select_for_update().get(pk=user.pk)
    address, was_active = user.email, user.is_active
    # Listed before anything changes, with the key about to go: if destroying it fails after
    # the commit, the next sweep finds it here. Confirmed on commit, before the key is
    # destroyed (`account_identity_remove` schedules that later, so it runs after).
    ledger.erasure_begin(subject_id=user.pk, key_id=user.vault_key)
    transaction.on_commit(partial(ledger.erasure_confirm, subject_ids=[user.pk]))
    handled: Counter[str] = Counter()
    for label, items in _tied_to_accounts().items():
        handled.update(_erase_model(apps.get_model(label), items, user))
    for label, count in _subscription_delete(user.email_index).items():
        handled[f"deleted:{label}"] += count
    return _report(handled, identity.account_identity_remove(user=user)), address, was_active


@transaction.atomic
def account_erase(*, actor: User | None, user: User) -> ErasureReport:
    """Erase `user` (FD-11, JF-7), all in one transaction: every declaration tied to the
    account is applied to their rows, their announcement subscription is deleted, and the
    account keeps its row but not its identity (placeholder e-mail address, no name, unusable
    password, inactive, no devices, tokens or sessions). The account is listed in the vault's
    ledger of erased accounts. One audit event records the counts.
    The person is told at their former address once the transaction has committed (unless
    the account was inactive: QM-11); that e-mail is sent directly, so no log keeps the
    address."""
    report, address, was_active = _erase(user)
    audit_record(
        actor=actor, action="privacy.account.erased", target=user, details=report.details()
    )
    if was_active:  # an account its owner had made inactive is never contacted (QM-11)
        notice = partial(
            emails.send_from,
            user.organisation,
            subject=ERASED_SUBJECT,
            body=ERASED_BODY,
            to=address,
        )
        transaction.on_commit(notice)
    return report


# --- Replay after a restore ---------------------------------------------------------------


@dataclass(frozen=True)
class ReplayReport:
    """What a replay did: accounts in the ledger, erased accounts it newly listed, the accounts
    erased again (ids) with the rows handled."""

    listed: int
    newly_listed: int
    replayed: tuple[int, ...]
    rows: dict[str, dict[str, int]] = field(default_factory=dict)

    def details(self) -> dict[str, Any]:
        """The audit details: account ids and counts only."""
        return {
            "listed": self.listed,
            "newly_listed": self.newly_listed,
            "replayed": list(self.replayed),
            **self.rows,
        }


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]


def _erased_unlisted(listed: set[int]) -> list[int]:
    """Accounts erased in the main database that the ledger does not list as erased: erased
    before the ledger existed, or whose confirmation after the commit failed."""
    # An erased account is inactive with an unusable password: only those need opening.
    maybe = User.objects.filter(is_active=False, password__startswith=UNUSABLE_PASSWORD_PREFIX)
    candidates = sorted(set(maybe.values_list("pk", flat=True)) - listed)
    return [
        user.pk
        for chunk in _chunks(candidates)
        for user in User.objects.filter(pk__in=chunk)
        if identity.is_erased(user)
    ]


def _restored(listed: set[int]) -> list[User]:
    """Listed accounts present in the main database with an identity (a restored row)."""
    return [
        user
        for chunk in _chunks(sorted(listed))
        for user in User.objects.filter(pk__in=chunk).order_by("pk")
        if not identity.is_erased(user)
    ]


def erasures_replay(*, actor: User | None = None) -> ReplayReport:
    """Apply the ledger of erased accounts to the main database again (FD-11, JF-7), for after
    a backup of it was restored; idempotent, run daily by the retention task.

    First the ledger is completed from the main database (accounts erased there but not
    listed as erased; their keys are the retention sweep's to destroy); then every listed account
    found with an identity (the restored row: e-mail blind index, password hash, active) is
    erased again, rows tied to it included, without e-mailing anyone. One audit event
    ("privacy.erasures.replayed", account ids and counts) records the run, in the transaction
    of the erasures."""
    listed = ledger.erased_subjects()
    unlisted = _erased_unlisted(listed)
    newly_listed = ledger.erasure_confirm(subject_ids=unlisted)
    listed |= set(unlisted)
    with transaction.atomic():
        replayed: list[int] = []
        rows: dict[str, Counter[str]] = {"deleted": Counter(), "anonymised": Counter()}
        for user in _restored(listed):
            report, _, _ = _erase(user)
            rows["deleted"].update(report.deleted)
            rows["anonymised"].update(report.anonymised)
            replayed.append(user.pk)
        result = ReplayReport(
            listed=len(listed),
            newly_listed=newly_listed,
            replayed=tuple(replayed),
            rows={kind: dict(sorted(counts.items())) for kind, counts in rows.items()},
        )
        audit_record(actor=actor, action="privacy.erasures.replayed", details=result.details())
    return result
