"""Writes for an organization's users: change role, deactivate, reactivate (invitations.py
invites).

Every change that could leave an organization without an active admin first locks the
organization row, so two admins demoting each other at once cannot both succeed.
"""

from django.db import transaction

from hooklane.accounts.audit import audit_record
from hooklane.accounts.models import AuditEvent, Organization, User, UserSession
from hooklane.core.errors import Conflict

from .sessions import sessions_end


class LastAdmin(Conflict):
    """An organization needs at least one active admin."""

    code = "last_admin"


def _lock_other_admins(user: User) -> None:
    Organization.objects.select_for_update().filter(pk=user.organization_id).first()
    others = User.objects.filter(
        organization_id=user.organization_id, role=User.Role.ADMIN, is_active=True
    ).exclude(pk=user.pk)
    if not others.exists():
        raise LastAdmin


@transaction.atomic
def user_change_role(*, user: User, role: str, request=None) -> User:
    """Give the user another role; the organization's last active admin keeps theirs."""
    if role == user.role:
        return user
    if user.role == User.Role.ADMIN and user.is_active:
        _lock_other_admins(user)
    previous, user.role = user.role, role
    user.save(update_fields=["role", "updated_at"])
    audit_record(
        organization=user.organization,
        action=AuditEvent.Action.USER_ROLE_CHANGE,
        request=request,
        target=user,
        metadata={"from": previous, "to": role},
    )
    return user


def user_sessions_end(*, user: User) -> int:
    """Delete every session of the user (rows and cache); returns how many there were."""
    return sessions_end(sessions=UserSession.objects.filter(user=user))


@transaction.atomic
def user_deactivate(*, user: User, request=None) -> User:
    """Soft-delete the user: no more logins, their sessions end at once, their API keys stop
    working (keys check their creator). The organization's last active admin cannot go."""
    if not user.is_active:
        return user
    if user.role == User.Role.ADMIN:
        _lock_other_admins(user)
    user.is_active = False
    # A new session hash: any session still in flight (a login racing this) no longer verifies.
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password", "updated_at"])
    user_sessions_end(user=user)
    audit_record(
        organization=user.organization,
        action=AuditEvent.Action.USER_DEACTIVATE,
        request=request,
        target=user,
    )
    return user


@transaction.atomic
def user_reactivate(*, user: User, request=None) -> User:
    """Let a deactivated user log in again (with a new link or code; old sessions stay gone)."""
    if user.is_active:
        return user
    user.is_active = True
    user.save(update_fields=["is_active", "updated_at"])
    audit_record(
        organization=user.organization,
        action=AuditEvent.Action.USER_REACTIVATE,
        request=request,
        target=user,
    )
    return user
