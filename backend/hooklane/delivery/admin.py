"""Django admin for destinations, deliveries, attempts and replay jobs (read-mostly)."""

from django import forms
from django.contrib import admin

from hooklane.core.errors import ValidationFailed

from . import validation
from .models import Delivery, DeliveryAttempt, Destination, ReplayJob

SECRET_FIELDS = ["signing_secret", "previous_signing_secret"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The operator inspects these; the product's own rules change them, not the admin."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class DestinationAdminForm(forms.ModelForm):
    """A URL, filter or transformation saved here passes the same checks as through the API."""

    def _checked(self, name: str, clean):
        try:
            return clean(self.cleaned_data[name])
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.fields.get(name) or exc.detail) from None

    def clean_url(self) -> str:
        return self._checked("url", validation.clean_url)

    def clean_filter_expression(self) -> str:
        return self._checked("filter_expression", validation.clean_filter_expression)

    def clean_transformation(self) -> str:
        return self._checked("transformation", validation.clean_transformation)


@admin.register(Destination)
class DestinationAdmin(admin.ModelAdmin):
    form = DestinationAdminForm
    list_display = ["name", "url", "organization", "is_active", "consecutive_failures"]
    list_filter = ["is_active"]
    search_fields = ["name", "url", "organization__name"]
    list_select_related = ["organization"]
    # Signing secrets are shown once, to the admin who made them; never here. Deferred, the
    # admin never decrypts them, and saving a change writes only the fields it loaded.
    exclude = SECRET_FIELDS
    # Delivery controls change through the API (which checks the ordering key's CEL), and
    # the circuit's state only by its own rules or its audited reset.
    readonly_fields = [
        "id",
        "created_at",
        "updated_at",
        "last_alert_at",
        "rate_limit",
        "rate_period",
        "rate_next_slot_at",
        "circuit_threshold",
        "circuit_probe_seconds",
        "circuit_state",
        "circuit_changed_at",
        "circuit_next_probe_at",
        "ordered",
        "ordering_key",
        "ordering_on_failure",
    ]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["providers"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*SECRET_FIELDS)


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["log", "destination", "status", "attempt_count", "next_attempt_at"]
    list_filter = ["status"]
    search_fields = ["log__id", "destination__name"]
    list_select_related = ["log", "destination"]
    show_full_result_count = False


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "destination", "attempt_number", "outcome", "status_code"]
    list_filter = ["outcome"]
    search_fields = ["log__id", "destination__name"]
    list_select_related = ["destination"]
    show_full_result_count = False


@admin.register(ReplayJob)
class ReplayJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organization", "status", "done", "total"]
    list_filter = ["status"]
    search_fields = ["organization__name"]
    list_select_related = ["organization"]
