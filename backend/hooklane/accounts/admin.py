"""Django admin for organizations and users (the operator's view across tenants)."""

from django.contrib import admin

from .models import Organization, User


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "retention_days", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug"]
    readonly_fields = ["id", "created_at", "updated_at"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "is_active", "is_staff", "last_login_at"]
    list_filter = ["role", "is_active", "is_staff", "organization"]
    search_fields = ["email", "organization__name"]
    list_select_related = ["organization"]
    readonly_fields = ["id", "created_at", "updated_at", "last_login_at"]
    exclude = ["password", "groups", "user_permissions"]
    autocomplete_fields = ["organization"]
