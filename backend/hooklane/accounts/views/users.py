"""An organization's users: members list them; admins change roles, deactivate (and invite,
through invitations)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response

from hooklane.accounts.models import User
from hooklane.accounts.serializers.users import UserOutput, UserUpdateInput
from hooklane.accounts.services import (
    user_change_role,
    user_deactivate,
    user_reactivate,
)
from hooklane.core.viewsets import OrganizationScopedViewSet

from .schema import errors

TAGS = ["users"]


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, OrganizationScopedViewSet):
    queryset = User.objects.all()
    serializer_class = UserOutput

    @extend_schema(
        tags=TAGS,
        summary="List users",
        description="Everyone in your organization, deactivated users included, newest first.",
        responses={200: UserOutput(many=True), **errors(401)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(tags=TAGS, summary="A user", responses={200: UserOutput, **errors(401, 404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Change a user's role (admins)",
        description="The organization's last active admin cannot be demoted (409 `last_admin`).",
        request=UserUpdateInput,
        responses={200: UserOutput, **errors(400, 401, 403, 404, 409)},
    )
    def partial_update(self, request, pk=None):
        user = self.get_object()
        data = UserUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_change_role(user=user, role=data.validated_data["role"], request=request)
        return Response(UserOutput(user).data)

    @extend_schema(
        tags=TAGS,
        summary="Deactivate a user (admins)",
        description="The user can no longer log in, their sessions end at once and their API "
        "keys stop working. The last active admin cannot be deactivated (409 `last_admin`).",
        request=None,
        responses={200: UserOutput, **errors(401, 403, 404, 409)},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        return Response(UserOutput(user_deactivate(user=self.get_object(), request=request)).data)

    @extend_schema(
        tags=TAGS,
        summary="Reactivate a user (admins)",
        description="The user may log in again with a new link or code.",
        request=None,
        responses={200: UserOutput, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        return Response(UserOutput(user_reactivate(user=self.get_object(), request=request)).data)
