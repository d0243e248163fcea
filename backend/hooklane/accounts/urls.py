"""Routes of the accounts API under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import auth
from .views.api_keys import ApiKeyViewSet
from .views.audit_events import AuditEventViewSet
from .views.invitations import InvitationViewSet
from .views.organization import OrganizationViewSet
from .views.users import UserViewSet

router = SimpleRouter()
router.register("users", UserViewSet, basename="user")
router.register("invitations", InvitationViewSet, basename="invitation")
router.register("api-keys", ApiKeyViewSet, basename="api-key")
router.register("audit-events", AuditEventViewSet, basename="audit-event")

urlpatterns = [
    path("auth/csrf/", auth.CsrfView.as_view(), name="auth-csrf"),
    path("auth/signup/", auth.SignupView.as_view(), name="auth-signup"),
    path("auth/magic-link/", auth.MagicLinkView.as_view(), name="auth-magic-link"),
    path(
        "auth/magic-link/verify/",
        auth.MagicLinkVerifyView.as_view(),
        name="auth-magic-link-verify",
    ),
    path("auth/otp/", auth.OtpView.as_view(), name="auth-otp"),
    path("auth/otp/verify/", auth.OtpVerifyView.as_view(), name="auth-otp-verify"),
    path("auth/logout/", auth.LogoutView.as_view(), name="auth-logout"),
    path("auth/me/", auth.MeView.as_view(), name="auth-me"),
    path(
        "organization/",
        OrganizationViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="organization",
    ),
    *router.urls,
]
