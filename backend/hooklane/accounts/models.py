"""Accounts models, one per file under db_models/ (the seed's Option A)."""

from .db_models.api_key_model import ApiKey
from .db_models.audit_event_model import AuditEvent
from .db_models.invitation_model import Invitation
from .db_models.organization_model import Organization
from .db_models.user_model import User, normalize_email
from .db_models.user_session_model import UserSession

__all__ = [
    "ApiKey",
    "AuditEvent",
    "Invitation",
    "Organization",
    "User",
    "UserSession",
    "normalize_email",
]
