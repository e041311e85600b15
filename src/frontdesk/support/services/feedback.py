"""Customer feedback (IN-15): suggestions, kept as a repository of ideas."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from frontdesk.audit.services import audit_record
from frontdesk.identity.models import User
from frontdesk.support.models import Feedback, Team

FEEDBACK_MAX = 5000


@transaction.atomic
def feedback_send(*, actor: User | None, team: Team, body: str) -> Feedback:
    """Keep a suggestion for `team`'s business, from the signed-in `actor` or from someone not
    signed in (None). It is kept for good; erasing the author removes only who sent it."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write your suggestion."})
    if len(body) > FEEDBACK_MAX:
        raise ValidationError({"body": f"Keep it to {FEEDBACK_MAX} characters."})
    if not team.accepts_requests:
        raise ValidationError({"team": "Choose who the suggestion is for."})
    feedback = Feedback.objects.create(team=team, user=actor, body=body)
    audit_record(
        actor=actor,
        action="support.feedback.sent",
        target=feedback,
        details={"team_id": team.pk, "signed_in": actor is not None},
    )
    return feedback
