"""Shapes of the filter test console and the transformation preview."""

from rest_framework import serializers

from ..expressions import MAX_SOURCE_LENGTH as MAX_FILTER_LENGTH
from ..transforms import MAX_SOURCE_LENGTH as MAX_TRANSFORMATION_LENGTH


class _SampleInput(serializers.Serializer):
    """A stored log (`log_id`), or a request given in parts."""

    log_id = serializers.UUIDField(required=False, help_text="One of the organization's logs")
    body = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text="Without log_id: the body, as JSON (a string is raw text, parsed if JSON)",
    )
    headers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=4096),
        required=False,
        help_text="Without log_id: request headers (names are lower-cased)",
    )
    provider = serializers.CharField(
        required=False, allow_blank=True, max_length=64, help_text="Without log_id: e.g. github"
    )
    event_type = serializers.CharField(required=False, allow_blank=True, max_length=255)


class FilterTestInput(_SampleInput):
    expression = serializers.CharField(max_length=MAX_FILTER_LENGTH, trim_whitespace=False)


class TransformPreviewInput(_SampleInput):
    transformation = serializers.CharField(
        max_length=MAX_TRANSFORMATION_LENGTH, trim_whitespace=False
    )
    destination_id = serializers.UUIDField(
        required=False, help_text="Show the URL the path would go to at this destination"
    )


class ExpressionErrorOutput(serializers.Serializer):
    message = serializers.CharField()
    line = serializers.IntegerField(allow_null=True, help_text="1-based; null when unknown")
    column = serializers.IntegerField(allow_null=True, help_text="1-based; null when unknown")


class FilterTestOutput(serializers.Serializer):
    matches = serializers.BooleanField(help_text="Whether the worker would send this webhook")
    value = serializers.BooleanField(
        allow_null=True, help_text="The expression's value; null if it failed or missed a key"
    )
    reason = serializers.CharField(help_text="Why it matches or not")
    error = ExpressionErrorOutput(allow_null=True)


class PreviewRequestOutput(serializers.Serializer):
    body = serializers.JSONField(allow_null=True, help_text="JSON when the body parses, else text")
    content_type = serializers.CharField(allow_blank=True)
    headers = serializers.DictField(child=serializers.CharField(allow_blank=True))
    path = serializers.CharField(allow_blank=True, help_text="Appended to the destination URL")
    url = serializers.CharField(required=False, help_text="With destination_id: where it goes")


class TransformPreviewOutput(serializers.Serializer):
    before = PreviewRequestOutput()
    after = PreviewRequestOutput(allow_null=True, help_text="Null when the transformation failed")
    error = ExpressionErrorOutput(allow_null=True)
