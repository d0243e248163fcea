"""Shapes of the users and invitations APIs: invite, change role, deactivate."""

from rest_framework import serializers

from ..models import Invitation, User
from .auth import LowerCaseEmailField


class UserOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "role", "is_active", "last_login_at", "created_at"]


class UserSummaryOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email"]


class UserInviteInput(serializers.Serializer):
    email = LowerCaseEmailField(max_length=255)
    role = serializers.ChoiceField(choices=User.Role.choices, default=User.Role.MEMBER)


class UserUpdateInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=User.Role.choices)


class InvitationOutput(serializers.ModelSerializer):
    invited_by = UserSummaryOutput(allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "invited_by", "created_at", "expires_at"]


# API keys ---------------------------------------------------------------------------------
