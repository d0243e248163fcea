"""Shapes of the destinations API; domain rules live in the services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..db_models.destination_model import (
    DEFAULT_CIRCUIT_PROBE_SECONDS,
    DEFAULT_CIRCUIT_THRESHOLD,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_TIMEOUT_SECONDS,
    MAX_CIRCUIT_PROBE_SECONDS,
    MAX_CIRCUIT_THRESHOLD,
    MAX_MAX_ATTEMPTS,
    MAX_RATE_LIMIT,
    MAX_TIMEOUT_SECONDS,
)
from ..expressions import MAX_SOURCE_LENGTH as MAX_FILTER_LENGTH
from ..models import CircuitTransition, Destination
from ..transforms import MAX_SOURCE_LENGTH as MAX_TRANSFORMATION_LENGTH
from ..validation import MAX_SCHEDULE_STEPS


class _DestinationFields(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    url = serializers.CharField(
        max_length=2048, help_text="http or https; checked against private addresses"
    )
    provider_ids = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        help_text="Providers it receives from; empty means every provider",
    )
    event_types = serializers.ListField(
        child=serializers.CharField(max_length=255),
        required=False,
        help_text="Event types, `*` is a wildcard (`invoice.*`); empty means every event",
    )
    headers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=4096),
        required=False,
        help_text="Extra request headers (write-only; responses list their names)",
    )
    timeout_seconds = serializers.IntegerField(
        min_value=1, max_value=MAX_TIMEOUT_SECONDS, default=DEFAULT_TIMEOUT_SECONDS
    )
    max_attempts = serializers.IntegerField(
        min_value=1, max_value=MAX_MAX_ATTEMPTS, default=DEFAULT_MAX_ATTEMPTS
    )
    retry_schedule = serializers.ListField(
        child=serializers.FloatField(min_value=1),
        allow_null=True,
        required=False,
        min_length=1,
        max_length=MAX_SCHEDULE_STEPS,
        help_text="Seconds to wait after each failed attempt; null means 5 s, 5 min, 30 min, "
        "2 h, 5 h, 10 h, 10 h",
    )
    rate_limit = serializers.IntegerField(
        min_value=1,
        max_value=MAX_RATE_LIMIT,
        allow_null=True,
        required=False,
        help_text="At most this many attempts start per `rate_period`, spaced evenly; null "
        "means no limit. Deliveries over it wait.",
    )
    rate_period = serializers.ChoiceField(
        choices=Destination.RatePeriod.choices, default=Destination.RatePeriod.SECOND
    )
    circuit_threshold = serializers.IntegerField(
        min_value=1,
        max_value=MAX_CIRCUIT_THRESHOLD,
        default=DEFAULT_CIRCUIT_THRESHOLD,
        help_text="Failed attempts in a row that open the circuit (attempts stop, one probe "
        "per `circuit_probe_seconds`)",
    )
    circuit_probe_seconds = serializers.IntegerField(
        min_value=1,
        max_value=MAX_CIRCUIT_PROBE_SECONDS,
        default=DEFAULT_CIRCUIT_PROBE_SECONDS,
        help_text="While the circuit is open, one probe attempt goes out this often",
    )
    ordered = serializers.BooleanField(
        default=False,
        help_text="Deliveries with the same ordering key go one at a time, in the order received",
    )
    ordering_key = serializers.CharField(
        max_length=2000,
        allow_blank=True,
        default="",
        trim_whitespace=True,
        help_text="CEL expression over the request giving the key (`body.data.object.customer`);"
        " blank means one key for the whole destination",
    )
    ordering_on_failure = serializers.ChoiceField(
        choices=Destination.OrderingOnFailure.choices,
        default=Destination.OrderingOnFailure.WAIT,
        help_text="wait: a delivery that failed for good blocks its key until replayed; "
        "skip: the next one goes on",
    )
    filter_expression = serializers.CharField(
        max_length=MAX_FILTER_LENGTH,
        allow_blank=True,
        trim_whitespace=False,
        default="",
        help_text="CEL over the request (body, headers, query, path, provider, event_type); "
        "only webhooks it is true for are sent, e.g. `body.data.object.amount >= 1000` or "
        '`headers["x-github-event"] == "push" && body.ref == "refs/heads/main"`. Empty sends '
        "every webhook. A syntax error is a field error naming its line and column.",
    )
    transformation = serializers.CharField(
        max_length=MAX_TRANSFORMATION_LENGTH,
        allow_blank=True,
        trim_whitespace=False,
        default="",
        help_text="JSONata over the same request, returning an object with any of `body` "
        "(sent instead, as JSON; a string as text), `headers` (added) and `path` (appended "
        'to the URL), e.g. `{"body": {"text": "Paid: " & $string(body.data.object.amount)}}`. '
        "Empty sends the request as stored.",
    )


class DestinationCreateInput(_DestinationFields):
    is_active = serializers.BooleanField(default=True)


class DestinationUpdateInput(_DestinationFields):
    """Every field optional; pausing and resuming have their own actions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty
            # A form-encoded PATCH leaves a boolean out; DRF would read that as False and
            # switch the setting off unasked (found by the audit test).
            if isinstance(field, serializers.BooleanField):
                field.default_empty_html = serializers.empty


class CircuitOutput(serializers.Serializer):
    state = serializers.ChoiceField(choices=Destination.Circuit.choices)
    since = serializers.DateTimeField(allow_null=True, help_text="When it last changed")
    consecutive_failures = serializers.IntegerField()
    threshold = serializers.IntegerField()
    next_probe_at = serializers.DateTimeField(
        allow_null=True, help_text="Open: when the next probe attempt may go out"
    )

    @staticmethod
    def of(destination: Destination) -> dict:
        return {
            "state": destination.circuit_state,
            "since": destination.circuit_changed_at,
            "consecutive_failures": destination.consecutive_failures,
            "threshold": destination.circuit_threshold,
            "next_probe_at": destination.circuit_next_probe_at,
        }


class CircuitTransitionOutput(serializers.ModelSerializer):
    at = serializers.DateTimeField(source="created_at")

    class Meta:
        model = CircuitTransition
        fields = ["id", "from_state", "to_state", "reason", "consecutive_failures", "at"]
        read_only_fields = fields


class CircuitDetailOutput(CircuitOutput):
    transitions = CircuitTransitionOutput(many=True, help_text="Newest first (at most 50)")


class DestinationOutput(serializers.ModelSerializer):
    provider_ids = serializers.SerializerMethodField()
    circuit = serializers.SerializerMethodField()
    event_types = serializers.ListField(child=serializers.CharField())
    header_names = serializers.SerializerMethodField()
    retry_schedule = serializers.ListField(child=serializers.FloatField(), allow_null=True)

    class Meta:
        model = Destination
        fields = [
            "id",
            "name",
            "url",
            "provider_ids",
            "event_types",
            "header_names",
            "timeout_seconds",
            "max_attempts",
            "retry_schedule",
            "filter_expression",
            "transformation",
            "is_active",
            "rate_limit",
            "rate_period",
            "circuit_threshold",
            "circuit_probe_seconds",
            "circuit",
            "ordered",
            "ordering_key",
            "ordering_on_failure",
            "consecutive_failures",
            "last_alert_at",
            "previous_secret_expires_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_provider_ids(self, destination) -> list[str]:
        return sorted(str(provider.pk) for provider in destination.providers.all())

    @extend_schema_field(CircuitOutput)
    def get_circuit(self, destination) -> dict:
        return CircuitOutput.of(destination)

    def get_header_names(self, destination) -> list[str]:
        return sorted(destination.headers or {})


class DestinationCreatedOutput(DestinationOutput):
    signing_secret = serializers.CharField(help_text="Shown once: verify forwards with it")

    class Meta(DestinationOutput.Meta):
        fields = [*DestinationOutput.Meta.fields, "signing_secret"]
        read_only_fields = fields


class DestinationResumeOutput(DestinationOutput):
    released = serializers.IntegerField(help_text="Held deliveries queued again")

    class Meta(DestinationOutput.Meta):
        fields = [*DestinationOutput.Meta.fields, "released"]
        read_only_fields = fields


class DestinationRotateSecretInput(serializers.Serializer):
    previous_valid_seconds = serializers.IntegerField(
        min_value=0,
        max_value=7 * 24 * 3600,
        required=False,
        help_text="How long the old secret keeps signing too (default 24 h; 0 ends it now)",
    )


class DestinationSecretOutput(serializers.Serializer):
    signing_secret = serializers.CharField(help_text="Shown once")
    previous_secret_expires_at = serializers.DateTimeField(allow_null=True)
