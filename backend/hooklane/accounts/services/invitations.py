"""Invitations: an admin invites an address; the user exists once the link is accepted.

Inviting answers the same for every address that is not already in the inviter's own
organization, fresh or with an account in another organization: the same pending row and
one email queued through the same task. Only the mailbox learns the difference (a link to
join, or word that the address already has an account and cannot join).
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent, Invitation, Organization, User, normalize_email
from hooklane.core import task_names
from hooklane.core.broker import enqueue
from hooklane.core.errors import Conflict
from hooklane.core.ratelimit import rate_limit_hit

from .tokens import MAX_TOKEN_LENGTH, LoginFailed


class EmailTaken(Conflict):
    """This address already has a Hooklane account; log in to it instead."""

    code = "email_taken"


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_rate_limit(*, organization: Organization, inviter: User | None) -> None:
    """Count one invitation per inviter and per organization; RateLimited past either."""
    window = settings.INVITE_RATE_LIMIT_WINDOW_SECONDS
    if inviter is not None and inviter.is_authenticated:
        rate_limit_hit(
            scope="invite:inviter",
            key=str(inviter.pk),
            limit=settings.INVITE_RATE_LIMIT_PER_INVITER,
            window_seconds=window,
        )
    rate_limit_hit(
        scope="invite:organization",
        key=str(organization.pk),
        limit=settings.INVITE_RATE_LIMIT_PER_ORGANIZATION,
        window_seconds=window,
    )


@transaction.atomic
def invitation_create(
    *, organization: Organization, email: str, role: str, request=None
) -> Invitation:
    """Record (or renew) a pending invitation and queue its email; 409 only for an address
    that is already a user of this organization, which the inviter can see anyway.

    Every attempt counts against the inviter's and the organization's allowance
    (INVITE_RATE_LIMIT_*), refused ones too, so addresses cannot be probed in bulk."""
    inviter = getattr(request, "user", None)
    invite_rate_limit(organization=organization, inviter=inviter)
    email = email.strip().lower()
    key = normalize_email(email)
    if User.objects.filter(organization=organization, email_normalized=key).exists():
        raise Conflict(fields={"email": ["This address is already a member."]})
    invitation, _ = Invitation.objects.update_or_create(
        organization=organization,
        email_normalized=key,
        defaults={
            "email": email,
            "role": role,
            "invited_by": inviter if getattr(inviter, "is_authenticated", False) else None,
            "expires_at": timezone.now() + timedelta(seconds=settings.INVITE_LINK_TTL_SECONDS),
            # A renewed invitation voids the link sent before.
            "token_hash": None,
        },
    )
    audit_record(
        organization=organization,
        action=AuditEvent.Action.USER_INVITE,
        request=request,
        target=invitation,
        metadata={"role": role},
    )
    enqueue(task_names.SEND_INVITATION_EMAIL, [str(invitation.id)])
    return invitation


def invitation_revoke(*, invitation: Invitation, request=None) -> None:
    """Delete a pending invitation: its link stops working at once."""
    with transaction.atomic():
        audit_record(
            organization=invitation.organization,
            action=AuditEvent.Action.INVITATION_REVOKE,
            request=request,
            target=invitation,
        )
        invitation.delete()


def invitation_accept(*, token: str) -> User:
    """Spend an invitation link: create its user in the organization with the invited role.

    Single use (the row is locked and deleted); expired, revoked or unknown links, and an
    organization since deactivated, are LoginFailed; an address that got an account
    meanwhile is EmailTaken."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise LoginFailed
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("organization")
            .filter(
                token_hash=invitation_token_hash(token),
                expires_at__gt=timezone.now(),
                organization__is_active=True,
            )
            .first()
        )
        if invitation is None:
            raise LoginFailed
        invitation.delete()
        if User.objects.filter(email_normalized=invitation.email_normalized).exists():
            raise EmailTaken
        try:
            with transaction.atomic():
                return User.objects.create_user(
                    invitation.email, organization=invitation.organization, role=invitation.role
                )
        except IntegrityError:
            raise EmailTaken from None
