"""Shapes of the stats API: the range and bucket in, counts and a time series out."""

from datetime import timedelta

from django.utils import timezone
from rest_framework import serializers

from ..selectors import BUCKET_SECONDS

MAX_POINTS = 2000
MAX_RANGE = timedelta(days=400)


class StatsInput(serializers.Serializer):
    received_after = serializers.DateTimeField(
        required=False, help_text="Start of the range (default: 24 hours before the end)"
    )
    received_before = serializers.DateTimeField(
        required=False, help_text="End of the range, exclusive (default: now)"
    )
    bucket = serializers.ChoiceField(
        choices=list(BUCKET_SECONDS),
        required=False,
        help_text="Time-series resolution (default: minute up to 6 h, hour up to 8 days, else day)",
    )

    def validate(self, attrs):
        end = attrs.get("received_before") or timezone.now()
        start = attrs.get("received_after") or end - timedelta(hours=24)
        if start >= end:
            raise serializers.ValidationError(
                {"received_after": ["Must be earlier than received_before."]}
            )
        if end - start > MAX_RANGE:
            raise serializers.ValidationError(
                {"received_after": [f"The range may span at most {MAX_RANGE.days} days."]}
            )
        bucket = attrs.get("bucket")
        if bucket is None:
            span = end - start
            bucket = (
                "minute"
                if span <= timedelta(hours=6)
                else "hour"
                if span <= timedelta(days=8)
                else "day"
            )
        points = (end - start).total_seconds() / BUCKET_SECONDS[bucket]
        if points > MAX_POINTS:
            raise serializers.ValidationError(
                {"bucket": [f"Too many {bucket} buckets ({points:.0f}); at most {MAX_POINTS}."]}
            )
        return {"start": start, "end": end, "bucket": bucket}


class StatusCountOutput(serializers.Serializer):
    status = serializers.CharField()
    count = serializers.IntegerField()


class ProviderCountOutput(serializers.Serializer):
    provider_id = serializers.UUIDField()
    display_name = serializers.CharField()
    provider_name = serializers.CharField()
    count = serializers.IntegerField()
    failed = serializers.IntegerField()


class EventTypeCountOutput(serializers.Serializer):
    event_type = serializers.CharField()
    count = serializers.IntegerField()


class SeriesPointOutput(serializers.Serializer):
    bucket = serializers.DateTimeField(help_text="Start of the bucket")
    received = serializers.IntegerField()
    delivered = serializers.IntegerField()
    failed = serializers.IntegerField()


class StatsOutput(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    bucket = serializers.ChoiceField(choices=list(BUCKET_SECONDS))
    total = serializers.IntegerField()
    failure_rate = serializers.FloatField(help_text="Failed logs over all logs in the range")
    by_status = StatusCountOutput(many=True)
    by_provider = ProviderCountOutput(many=True)
    top_event_types = EventTypeCountOutput(many=True)
    series = SeriesPointOutput(many=True)
