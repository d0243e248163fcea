"""Shapes of the recipe console: a pasted sample request in, each step's result out."""

from rest_framework import serializers

# The console runs in the API process: a sample is at most this big, so a paste cannot make
# a request expensive. Real signature headers fit in a few hundred bytes.
MAX_BODY_CHARS = 256 * 1024
MAX_HEADERS = 100
MAX_HEADER_CHARS = 8192
METHODS = ["POST", "PUT", "PATCH", "GET", "DELETE"]


class _HeadersField(serializers.DictField):
    def __init__(self, **kwargs):
        super().__init__(
            child=serializers.CharField(max_length=MAX_HEADER_CHARS, allow_blank=True),
            **kwargs,
        )

    def to_internal_value(self, data):
        if isinstance(data, dict) and len(data) > MAX_HEADERS:
            raise serializers.ValidationError(f"At most {MAX_HEADERS} headers.")
        return super().to_internal_value(data)


class RecipeExplainInput(serializers.Serializer):
    recipe = serializers.DictField(help_text="A recipe, as in a custom provider's settings.recipe")
    secret = serializers.CharField(
        max_length=1000,
        allow_blank=True,
        required=False,
        default="",
        write_only=True,
        style={"input_type": "password"},
        help_text="The signing secret to check with; never stored or logged",
    )
    method = serializers.ChoiceField(choices=METHODS, default="POST")
    url = serializers.URLField(
        max_length=2048,
        required=False,
        default="https://hooklane.test/in/key",
        help_text="The URL the sender called, with its query string (URL-signed senders)",
    )
    headers = _HeadersField(required=False, default=dict, help_text="Name to value, any case")
    body = serializers.CharField(
        max_length=MAX_BODY_CHARS,
        allow_blank=True,
        required=False,
        default="",
        trim_whitespace=False,
        help_text="The raw body exactly as sent (UTF-8)",
    )


class RecipeStepOutput(serializers.Serializer):
    name = serializers.CharField(help_text='What the step does, e.g. "read signature"')
    ok = serializers.BooleanField()
    detail = serializers.CharField(help_text="What it found, or why it failed")


class RecipeExplainOutput(serializers.Serializer):
    ok = serializers.BooleanField(help_text="The sample verifies")
    reason = serializers.CharField(help_text='A refusal reason code; "" when it verifies')
    detail = serializers.CharField()
    event_id = serializers.CharField(allow_null=True)
    event_type = serializers.CharField()
    steps = RecipeStepOutput(many=True)
