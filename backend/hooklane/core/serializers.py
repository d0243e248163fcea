"""Serializers every app shares; the error envelope the one exception handler renders."""

from rest_framework import serializers


class ErrorOutput(serializers.Serializer):
    """`{"error": code, "detail": text, "fields": {name: [messages]}}` for every failure."""

    error = serializers.CharField(help_text="A stable, machine-readable code, e.g. `not_found`.")
    detail = serializers.CharField(help_text="A human-readable explanation.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field (empty unless the input was invalid).",
    )
