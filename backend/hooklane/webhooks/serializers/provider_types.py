"""Shape of the provider-types API: each sender Hooklane verifies, from the registry."""

from rest_framework import serializers

# What an accepted request of a provider type is marked (schemes.Sender.verification).
VERIFICATIONS = [
    ("verified", "Verified"),
    ("authenticated", "Authenticated"),
    ("unsigned", "Unsigned"),
]


class ProviderTypeOutput(serializers.Serializer):
    name = serializers.CharField(help_text="The `provider_name` to create a provider with")
    label = serializers.CharField(help_text='The sender as people call it, e.g. "Stripe"')
    family = serializers.CharField(
        help_text="hmac, ed25519, ecdsa, rsa_certificate, token, basic_auth, per_item, "
        "unsigned or custom"
    )
    verification = serializers.ChoiceField(
        choices=VERIFICATIONS,
        help_text="What an accepted request is marked: verified (a signature), authenticated "
        "(a shared token or basic auth) or unsigned",
    )
    docs_url = serializers.CharField(help_text="The sender's signature documentation")
    setup = serializers.CharField(help_text="Where the secret is found, what URL to paste")
    secret_label = serializers.CharField(help_text="How the sender calls the secret")
    signature_headers = serializers.ListField(
        child=serializers.CharField(), help_text="Lower-case headers that carry the signature"
    )
    signs_timestamp = serializers.BooleanField(
        help_text="The signature covers a timestamp (replays are refused after the tolerance)"
    )
    accepts_get = serializers.BooleanField(help_text="Ingest answers GET probes for it")
    handshake = serializers.CharField(
        allow_null=True, help_text="The set-up handshake Hooklane answers, if any"
    )
