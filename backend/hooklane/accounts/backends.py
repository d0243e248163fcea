"""The session authentication backend (AUTHENTICATION_BACKENDS): active users of active
organizations only."""

from django.contrib.auth.backends import ModelBackend


class ActiveOrganizationBackend(ModelBackend):
    """Django's model backend, except that a user of a deactivated organization is nobody.

    Deactivating an organization deletes its sessions; this settles every request in
    between and a session that a login racing the deactivation writes afterwards."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.organization.is_active

    def get_user(self, user_id):
        from hooklane.accounts.models import User

        user = User._default_manager.select_related("organization").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
