"""Writes of the accounts app, one module per topic, all importable from here."""

from .api_keys import api_key_create, api_key_revoke
from .emails import LoginEmail, invitation_email_send, login_email_send
from .invitations import (
    EmailTaken,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    invite_rate_limit,
)
from .login import (
    auth_request_rate_limit,
    auth_verify_rate_limit,
    login_email_enqueue,
    login_email_request,
    magic_link_login,
    otp_login,
    session_login,
    session_logout,
    signup,
)
from .organizations import (
    organization_bootstrap,
    organization_create,
    organization_deactivate,
    organization_reactivate,
    organization_update,
)
from .tokens import LoginFailed, magic_link_consume, magic_link_issue, magic_link_url, otp_issue
from .users import (
    LastAdmin,
    user_change_role,
    user_deactivate,
    user_reactivate,
    user_sessions_end,
)

__all__ = [
    "EmailTaken",
    "invitation_accept",
    "invitation_create",
    "invitation_email_send",
    "invitation_revoke",
    "invite_rate_limit",
    "LastAdmin",
    "LoginEmail",
    "LoginFailed",
    "api_key_create",
    "api_key_revoke",
    "auth_request_rate_limit",
    "auth_verify_rate_limit",
    "login_email_enqueue",
    "login_email_request",
    "login_email_send",
    "magic_link_consume",
    "magic_link_issue",
    "magic_link_login",
    "magic_link_url",
    "organization_bootstrap",
    "organization_create",
    "organization_deactivate",
    "organization_reactivate",
    "organization_update",
    "otp_issue",
    "otp_login",
    "session_login",
    "session_logout",
    "signup",
    "user_change_role",
    "user_deactivate",
    "user_reactivate",
    "user_sessions_end",
]
