"""Django admin for organizations and users (the operator's view across tenants)."""

from django.contrib import admin

from .models import ApiKey, AuditEvent, Organization, User
from .services import organization_deactivate, organization_reactivate


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "retention_days", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug"]
    readonly_fields = ["id", "created_at", "updated_at"]
    actions = ["deactivate", "reactivate"]

    def save_model(self, request, obj, form, change) -> None:
        # Switching `is_active` here goes through the services, so sessions end at once.
        wanted = obj.is_active
        if change and "is_active" in form.changed_data:
            obj.is_active = not wanted
        super().save_model(request, obj, form, change)
        if obj.is_active != wanted:
            switch = organization_reactivate if wanted else organization_deactivate
            switch(organization=obj)

    @admin.action(description="Deactivate (end sessions, stop API keys and logins)")
    def deactivate(self, request, queryset) -> None:
        for organization in queryset:
            organization_deactivate(organization=organization)

    @admin.action(description="Reactivate")
    def reactivate(self, request, queryset) -> None:
        for organization in queryset:
            organization_reactivate(organization=organization)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "is_active", "is_staff", "last_login_at"]
    list_filter = ["role", "is_active", "is_staff", "organization"]
    search_fields = ["email", "organization__name"]
    list_select_related = ["organization"]
    readonly_fields = ["id", "created_at", "updated_at", "last_login_at"]
    exclude = ["password", "groups", "user_permissions"]
    autocomplete_fields = ["organization"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "organization", "scope", "last_used_at", "revoked_at"]
    list_filter = ["scope"]
    search_fields = ["name", "prefix", "organization__name"]
    list_select_related = ["organization"]
    # Only the hash is stored; it still stays out of sight.
    exclude = ["key_hash"]
    readonly_fields = ["id", "prefix", "created_by", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organization", "actor_label", "action", "target_label", "ip"]
    list_filter = ["action"]
    search_fields = ["actor_label", "target_label", "organization__name"]
    list_select_related = ["organization"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
