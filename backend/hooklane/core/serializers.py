"""Serializers shared by every app: the one error shape, and common fields."""

from rest_framework import serializers


class ErrorOutput(serializers.Serializer):
    """Every error response: a stable code, a sentence for people, and per-field messages."""

    error = serializers.CharField(help_text="Stable machine-readable code, e.g. `invalid`")
    detail = serializers.CharField(help_text="What went wrong, for people")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per input field (empty unless the input was invalid)",
    )


class CommaSeparatedListField(serializers.ListField):
    """A list given either as repeated query parameters or as one comma-separated value."""

    def get_value(self, dictionary):
        values = super().get_value(dictionary)
        if values is serializers.empty or not isinstance(values, list):
            return values
        return [item.strip() for value in values for item in str(value).split(",") if item.strip()]
