"""Shapes of the log API: filters in, summaries and details out."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hooklane.core.serializers import CommaSeparatedListField

from ..models import WebhookLog
from ..parsing import REDACTED
from ..schemes import SignatureError
from ..selectors import LogFilters


class LogFilterInput(serializers.Serializer):
    provider = CommaSeparatedListField(
        child=serializers.UUIDField(), required=False, help_text="Provider ids, comma-separated"
    )
    status = CommaSeparatedListField(
        child=serializers.ChoiceField(choices=WebhookLog.Status.choices),
        required=False,
        help_text="Statuses, comma-separated",
    )
    event_type = serializers.CharField(
        required=False, max_length=255, help_text="Exact type, or a pattern with * wildcards"
    )
    verification = CommaSeparatedListField(
        child=serializers.ChoiceField(choices=WebhookLog.Verification.choices),
        required=False,
        help_text="Verification states, comma-separated",
    )
    verification_reason = CommaSeparatedListField(
        child=serializers.ChoiceField(choices=SignatureError.REASONS),
        required=False,
        help_text="Why verification failed (reason codes), comma-separated",
    )
    received_after = serializers.DateTimeField(required=False)
    received_before = serializers.DateTimeField(required=False)
    q = serializers.CharField(
        required=False, max_length=200, help_text="Words to find in payload values and headers"
    )
    has_failed_attempts = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: logs with a delivery attempt that did not get a 2xx; false: without",
    )

    def validate(self, attrs):
        after, before = attrs.get("received_after"), attrs.get("received_before")
        if after and before and after >= before:
            raise serializers.ValidationError(
                {"received_before": ["Must be later than received_after."]}
            )
        return attrs

    def to_filters(self) -> LogFilters:
        data = self.validated_data
        return LogFilters(
            providers=data.get("provider", []),
            statuses=data.get("status", []),
            event_type=data.get("event_type", ""),
            received_after=data.get("received_after"),
            received_before=data.get("received_before"),
            q=data.get("q", ""),
            has_failed_attempts=data.get("has_failed_attempts"),
            verifications=data.get("verification", []),
            verification_reasons=data.get("verification_reason", []),
        )


class LogProviderOutput(serializers.Serializer):
    id = serializers.UUIDField()
    display_name = serializers.CharField()
    provider_name = serializers.CharField()


class LogSummaryOutput(serializers.ModelSerializer):
    provider = LogProviderOutput()

    class Meta:
        model = WebhookLog
        fields = [
            "id",
            "provider",
            "status",
            "event_type",
            "external_id",
            "content_type",
            "size_bytes",
            "source_ip",
            "received_at",
            "processed_at",
            "error",
            "has_failed_attempts",
            "probable_replay",
            "verification",
            "verification_reason",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "verification": {
                "help_text": (
                    "verified (a signature), authenticated (a token or basic auth), unsigned, "
                    "failed (see verification_reason) or pending (awaiting a secret)"
                )
            },
            "verification_reason": {
                "help_text": 'Why verification failed, a reason code; "" otherwise'
            },
            "probable_replay": {
                "help_text": (
                    "The sender signs no timestamp, and this body arrived before under "
                    "another event id within INGEST_REPLAY_WINDOW_SECONDS: probably a "
                    "captured request sent again"
                )
            },
        }


class LogDetailOutput(LogSummaryOutput):
    # `show_signatures` in the context: only admins acting with write access see signature
    # headers; everyone else gets them as "[redacted]".

    headers = serializers.SerializerMethodField()
    signature_headers_redacted = serializers.SerializerMethodField()
    payload = serializers.JSONField(allow_null=True)

    class Meta(LogSummaryOutput.Meta):
        fields = [*LogSummaryOutput.Meta.fields, "headers", "signature_headers_redacted", "payload"]
        read_only_fields = fields

    def _show_signatures(self) -> bool:
        return bool(self.context.get("show_signatures"))

    @extend_schema_field(
        serializers.DictField(
            child=serializers.CharField(),
            help_text=(
                'As received, lower-case names; credentials are always "[redacted]", '
                "signature headers too unless the caller is an admin with write access"
            ),
        )
    )
    def get_headers(self, log: WebhookLog) -> dict[str, str]:
        signatures = log.signature_headers or {}
        if not self._show_signatures():
            signatures = dict.fromkeys(signatures, REDACTED)
        return {**(log.headers or {}), **signatures}

    @extend_schema_field(
        serializers.BooleanField(help_text='Signature headers were replaced by "[redacted]"')
    )
    def get_signature_headers_redacted(self, log: WebhookLog) -> bool:
        return bool(log.signature_headers) and not self._show_signatures()


class LogReverifyInput(serializers.Serializer):
    secret = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        write_only=True,
        style={"input_type": "password"},
        help_text="Check against this secret instead of the provider's; never stored or logged",
    )


class LogReverifyOutput(serializers.Serializer):
    verified = serializers.BooleanField(help_text="The stored request verifies now")
    reason = serializers.CharField(
        help_text='Why not (a signature refusal reason); "" when it does'
    )
    detail = serializers.CharField()
    log = LogSummaryOutput()
