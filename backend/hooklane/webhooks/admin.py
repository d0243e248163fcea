"""Django admin for providers and logs; raw bodies are shown, never edited."""

from django.contrib import admin
from django.utils.html import format_html

from .models import WebhookLog, WebhookProvider

SECRET_FIELDS = ["signing_secret", "previous_signing_secret"]


@admin.register(WebhookProvider)
class WebhookProviderAdmin(admin.ModelAdmin):
    list_display = ["display_name", "provider_name", "organization", "is_active", "created_at"]
    list_filter = ["provider_name", "is_active"]
    search_fields = ["display_name", "ingest_key", "organization__name"]
    list_select_related = ["organization"]
    readonly_fields = ["id", "ingest_key", "created_at", "updated_at"]
    autocomplete_fields = ["organization"]
    # Signing secrets change only through rotate-secret, and are never shown. Deferred, the
    # admin never decrypts them, and saving a change writes only the fields it loaded.
    exclude = SECRET_FIELDS

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*SECRET_FIELDS)


@admin.register(WebhookLog)
class WebhookLogAdmin(admin.ModelAdmin):
    list_display = ["received_at", "event_type", "status", "provider", "organization", "size_bytes"]
    list_filter = ["status", "provider__provider_name"]
    search_fields = ["event_type", "external_id", "id"]
    list_select_related = ["provider", "organization"]
    date_hierarchy = "received_at"
    show_full_result_count = False
    exclude = ["body"]
    readonly_fields = [f.name for f in WebhookLog._meta.concrete_fields if f.name != "body"] + [
        "raw_body"
    ]

    @admin.display(description="Raw body")
    def raw_body(self, obj: WebhookLog) -> str:
        raw = bytes(obj.body or b"")
        return format_html("<pre>{}</pre>", raw.decode("utf-8", errors="backslashreplace"))

    def has_add_permission(self, request) -> bool:
        return False
