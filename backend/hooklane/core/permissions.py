"""Who may do what: members read, admins write, read-scoped API keys never write."""

from collections.abc import Mapping

from rest_framework.permissions import SAFE_METHODS, BasePermission


def _is_api_key(auth) -> bool:
    return getattr(auth, "is_api_key", False)


class IsOrgAdmin(BasePermission):
    """Only admins of the caller's organization."""

    message = "Only organization admins can do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_org_admin)


class IsOrgAdminOrReadOnly(BasePermission):
    """Members may read; writes need the admin role."""

    message = "Only organization admins can change this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or user.is_org_admin


class HasWriteScope(BasePermission):
    """API keys with the read scope are refused every unsafe method."""

    message = "This API key has the read scope; writes need a key with the write scope."

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or not _is_api_key(request.auth):
            return True
        return request.auth.can_write


class StaffOnlyFields(BasePermission):
    """Writes that name any of the view's `staff_only_fields` need a staff user (one who may
    use Django's admin): organization admins must not raise their own quotas."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or request.user.is_staff:
            return True
        data = request.data
        if not isinstance(data, Mapping):
            return True  # not an object: the input serializer refuses it
        named = sorted(name for name in view.staff_only_fields if name in data)
        if named:
            self.message = f"Only staff can change {', '.join(named)}."
            return False
        return True


def acts_as_admin_with_write(request) -> bool:
    """An admin's session, or a write key of an admin: who may see what could forge a request
    (a stored webhook's signature headers), not only read it."""
    user = request.user
    if not (user and user.is_authenticated and user.is_org_admin):
        return False
    return not _is_api_key(request.auth) or request.auth.can_write
