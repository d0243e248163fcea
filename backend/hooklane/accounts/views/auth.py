"""Passwordless login endpoints under /api/v1/auth/; they answer the same for every address."""

from django.middleware.csrf import get_token
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from hooklane.accounts.authentication import CsrfCheckedSessionAuthentication
from hooklane.accounts.serializers.auth import (
    AcceptedOutput,
    CsrfOutput,
    LoginEmailInput,
    MagicLinkVerifyInput,
    MeOutput,
    OtpVerifyInput,
    SignupInput,
)
from hooklane.accounts.services import (
    LoginEmail,
    auth_request_rate_limit,
    auth_verify_rate_limit,
    login_email_request,
    magic_link_login,
    otp_login,
    session_logout,
    signup,
)
from hooklane.core.serializers import ErrorOutput

from .schema import RETRY_AFTER, errors

SIGNUP_ACCEPTED = "Check your inbox: we sent a link to finish signing up."
LINK_ACCEPTED = "Check your inbox: if the address has an account, a login link is on its way."
CODE_ACCEPTED = "Check your inbox: if the address has an account, a login code is on its way."

TAGS = ["auth"]


def _validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _accepted(detail: str) -> Response:
    return Response(AcceptedOutput({"detail": detail}).data, status=status.HTTP_202_ACCEPTED)


class AnonymousAuthView(APIView):
    """Open to anyone, but CSRF-checked like a logged-in request (see the authentication)."""

    authentication_classes = [CsrfCheckedSessionAuthentication]
    permission_classes = [AllowAny]


class CsrfView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        operation_id="auth_csrf",
        summary="Get a CSRF token",
        description="Sets the `csrftoken` cookie. The SPA calls this first and sends the token "
        "as `X-CSRFToken` on every unsafe request (API keys need no token).",
        responses={200: CsrfOutput},
    )
    def get(self, request):
        return Response(CsrfOutput({"csrf_token": get_token(request)}).data)


class SignupView(AnonymousAuthView):
    @extend_schema(
        tags=TAGS,
        operation_id="auth_signup",
        summary="Sign up",
        description="Creates an organization with this address as its admin and emails a "
        "login link. An address that already has an account gets the same answer (and an "
        "email saying so). Rate-limited per email and per IP.",
        request=SignupInput,
        responses={202: AcceptedOutput, **errors(400, 403, 429)},
        parameters=[RETRY_AFTER],
        examples=[
            OpenApiExample(
                "Sign up",
                value={"email": "cto@acme.example", "organization_name": "Acme"},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = _validated(SignupInput, request)
        auth_request_rate_limit(scope="signup", request=request, email=data["email"])
        signup(email=data["email"], organization_name=data["organization_name"], request=request)
        return _accepted(SIGNUP_ACCEPTED)


class MagicLinkView(AnonymousAuthView):
    @extend_schema(
        tags=TAGS,
        operation_id="auth_magic_link",
        summary="Email a login link",
        description="202 for every address; only an active user's inbox receives a link "
        "(valid once, for 15 minutes by default). Rate-limited per email and per IP.",
        request=LoginEmailInput,
        responses={202: AcceptedOutput, **errors(400, 403, 429)},
        parameters=[RETRY_AFTER],
    )
    def post(self, request):
        data = _validated(LoginEmailInput, request)
        auth_request_rate_limit(scope="magic-link", request=request, email=data["email"])
        login_email_request(email=data["email"], kind=LoginEmail.LOGIN)
        return _accepted(LINK_ACCEPTED)


class MagicLinkVerifyView(AnonymousAuthView):
    @extend_schema(
        tags=TAGS,
        operation_id="auth_magic_link_verify",
        summary="Log in with a link's token",
        description="Spends the token (a second use fails, even concurrently), starts a "
        "session (HttpOnly cookie) and returns the user. An invitation's token first creates "
        "the user in the inviting organization with the invited role. Rate-limited per IP.",
        request=MagicLinkVerifyInput,
        responses={
            200: MeOutput,
            400: OpenApiResponse(
                ErrorOutput,
                description="`login_failed`: the token is wrong, expired or used.",
            ),
            409: OpenApiResponse(
                ErrorOutput,
                description="`email_taken`: the invited address has had an account of its own "
                "since; log in to that one instead.",
            ),
            **errors(403, 429),
        },
        parameters=[RETRY_AFTER],
    )
    def post(self, request):
        data = _validated(MagicLinkVerifyInput, request)
        auth_verify_rate_limit(scope="magic-link-verify", request=request)
        user = magic_link_login(request=request, token=data["token"])
        return Response(MeOutput(user).data)


class OtpView(AnonymousAuthView):
    @extend_schema(
        tags=TAGS,
        operation_id="auth_otp",
        summary="Email a one-time code",
        description="202 for every address; an active user's inbox receives a 6-digit code "
        "(5 minutes, 5 tries) that replaces any earlier one. Rate-limited per email and per IP.",
        request=LoginEmailInput,
        responses={202: AcceptedOutput, **errors(400, 403, 429)},
        parameters=[RETRY_AFTER],
    )
    def post(self, request):
        data = _validated(LoginEmailInput, request)
        auth_request_rate_limit(scope="otp", request=request, email=data["email"])
        login_email_request(email=data["email"], kind=LoginEmail.OTP)
        return _accepted(CODE_ACCEPTED)


class OtpVerifyView(AnonymousAuthView):
    @extend_schema(
        tags=TAGS,
        operation_id="auth_otp_verify",
        summary="Log in with a one-time code",
        description="Starts a session and returns the user. Five wrong codes void the code. "
        "Rate-limited per IP.",
        request=OtpVerifyInput,
        responses={
            200: MeOutput,
            400: OpenApiResponse(
                ErrorOutput,
                description="`login_failed`: the code is wrong, expired, used or void.",
            ),
            **errors(403, 429),
        },
        parameters=[RETRY_AFTER],
    )
    def post(self, request):
        data = _validated(OtpVerifyInput, request)
        auth_verify_rate_limit(scope="otp-verify", request=request)
        user = otp_login(request=request, email=data["email"], code=data["code"])
        return Response(MeOutput(user).data)


class LogoutView(AnonymousAuthView):
    @extend_schema(
        tags=TAGS,
        operation_id="auth_logout",
        summary="Log out",
        description="Ends the session server-side. Succeeds when not logged in, too.",
        request=None,
        responses={204: None, **errors(403)},
    )
    def post(self, request):
        session_logout(request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        operation_id="auth_me",
        summary="Who am I",
        description="The logged-in user (or the API key's creator), role and organization.",
        responses={200: MeOutput, **errors(401)},
    )
    def get(self, request):
        return Response(MeOutput(request.user).data)
