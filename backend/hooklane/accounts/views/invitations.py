"""Pending invitations (admins): invite an address, list who is invited, revoke."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from hooklane.accounts.models import Invitation
from hooklane.accounts.serializers.users import InvitationOutput, UserInviteInput
from hooklane.accounts.services import invitation_create, invitation_revoke
from hooklane.core.permissions import HasWriteScope, IsOrgAdmin
from hooklane.core.viewsets import OrganizationScopedViewSet

from .schema import errors

TAGS = ["invitations"]


class InvitationViewSet(mixins.ListModelMixin, OrganizationScopedViewSet):
    queryset = Invitation.objects.all()
    serializer_class = InvitationOutput
    permission_classes = [IsAuthenticated, HasWriteScope, IsOrgAdmin]

    def scope_queryset(self, queryset):
        return queryset.filter(expires_at__gt=timezone.now()).select_related("invited_by")

    @extend_schema(
        tags=TAGS,
        summary="List pending invitations (admins)",
        description="Invitations neither accepted, revoked nor expired, newest first.",
        responses={200: InvitationOutput(many=True), **errors(401, 403)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Invite an address (admins)",
        description="202 with the pending invitation for every address that is not already "
        "a user of your organization (that is a 409), whether or not it has an account "
        "elsewhere: only its mailbox learns which. A free address gets a link that creates "
        "the user with the role and logs them in; it works once, until `expires_at`. "
        "Inviting the same address again renews the invitation and voids the previous link. "
        "Each inviter and each organization may invite a limited number of addresses per "
        "hour (429 with `Retry-After`).",
        request=UserInviteInput,
        responses={202: InvitationOutput, **errors(400, 401, 403, 409, 429)},
    )
    def create(self, request):
        data = UserInviteInput(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = invitation_create(
            organization=self.organization, request=request, **data.validated_data
        )
        return Response(InvitationOutput(invitation).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        tags=TAGS,
        summary="Revoke an invitation (admins)",
        description="Its link stops working at once.",
        responses={204: None, **errors(401, 403, 404)},
    )
    def destroy(self, request, pk=None):
        invitation_revoke(invitation=self.get_object(), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
