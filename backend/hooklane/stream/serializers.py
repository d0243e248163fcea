"""The stream info endpoint's output."""

from rest_framework import serializers


class StreamInfoOutput(serializers.Serializer):
    stream_url = serializers.CharField(
        help_text="Where to open the live stream: absolute when STREAM_PUBLIC_URL is set, "
        "else a path on this origin."
    )
    ping_seconds = serializers.FloatField()
    max_per_principal = serializers.IntegerField()
    retained_per_organization = serializers.IntegerField()
    types = serializers.ListField(child=serializers.CharField())
