"""Amazon SNS (HTTPS subscriptions): RSA (SignatureVersion 1: SHA-1, 2: SHA-256) over the
message's canonical string, checked with the certificate at SigningCertURL (SNS hosts only).

https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
"""

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from . import (
    Event,
    Handshake,
    Sender,
    SignatureError,
    SignedRequest,
    any_matches,
    certificates,
    secret_keys,
)

_HOST = r"https://sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?"
CERT_URL_PATTERNS = (_HOST + r"/SimpleNotificationService-[A-Za-z0-9]+\.pem",)
SUBSCRIBE_URL_PATTERN = _HOST + r"/\?Action=ConfirmSubscription&[A-Za-z0-9%&=:._~-]+"
# The name the confirmation's URL patterns go by (WEBHOOKS_CERTIFICATE_URLS overrides them).
SUBSCRIBE_SENDER = "aws_sns_subscribe"
# The fields signed, in this order, as "name\nvalue\n" (Subject only when the message has one).
_SIGNED_FIELDS = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": (
        "Message",
        "MessageId",
        "SubscribeURL",
        "Timestamp",
        "Token",
        "TopicArn",
        "Type",
    ),
    "UnsubscribeConfirmation": (
        "Message",
        "MessageId",
        "SubscribeURL",
        "Timestamp",
        "Token",
        "TopicArn",
        "Type",
    ),
}
_DIGESTS = {"1": hashes.SHA1, "2": hashes.SHA256}


def canonical_string(message: Mapping[str, Any]) -> bytes:
    fields = _SIGNED_FIELDS[message["Type"]]
    return "".join(
        f"{name}\n{message[name]}\n" for name in fields if name != "Subject" or name in message
    ).encode()


def _message(request: SignedRequest) -> dict[str, Any]:
    # SNS posts JSON as text/plain, so the body may not have been parsed yet.
    message = request.payload
    if message is None:
        try:
            message = json.loads(request.body)
        except ValueError:
            message = None
    if not isinstance(message, dict):
        raise SignatureError("SNS body is not a JSON message", reason="invalid_body")
    if message.get("Type") not in _SIGNED_FIELDS:
        raise SignatureError("SNS message has an unknown Type", reason="invalid_body")
    for name in (
        *_SIGNED_FIELDS[message["Type"]],
        "Signature",
        "SignatureVersion",
        "SigningCertURL",
    ):
        if name != "Subject" and not isinstance(message.get(name), str):
            raise SignatureError(f"SNS message has no {name}", reason="invalid_body")
    return message


def verify(
    request: SignedRequest, secrets: Sequence[str], settings: Mapping[str, Any], now: float
) -> Event:
    topics = secret_keys(secrets)  # the topic ARNs this endpoint subscribes to
    message = _message(request)
    digest = _DIGESTS.get(message["SignatureVersion"])
    if digest is None:
        raise SignatureError("SNS SignatureVersion is neither 1 nor 2", reason="invalid_body")
    try:
        signature = base64.b64decode(message["Signature"], validate=True)
    except (ValueError, binascii.Error):
        raise SignatureError("SNS Signature is not base64", reason="invalid_body") from None

    pem = certificates.document(
        "aws_sns", message["SigningCertURL"], CERT_URL_PATTERNS, header="SigningCertURL"
    )
    try:
        key = x509.load_pem_x509_certificates(pem)[0].public_key()
    except (ValueError, IndexError):
        raise SignatureError(
            "SigningCertURL is not a PEM certificate", reason="misconfigured"
        ) from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureError("the SNS certificate has no RSA key", reason="misconfigured")
    try:
        key.verify(signature, canonical_string(message), padding.PKCS1v15(), digest())
    except InvalidSignature:
        raise SignatureError("SNS Signature does not verify") from None
    # Anyone can sign with SNS from their own topic: only the configured topics are accepted.
    if not any_matches(topics, [message["TopicArn"].encode()]):
        raise SignatureError("SNS TopicArn is not the configured topic")

    kind = message["Type"]
    if kind == "SubscriptionConfirmation":
        subscribe_url = message["SubscribeURL"]
        if not certificates.allowed(SUBSCRIBE_SENDER, subscribe_url, (SUBSCRIBE_URL_PATTERN,)):
            raise SignatureError("SubscribeURL is not an SNS URL", reason="invalid_body")
        handshake = Handshake(confirm_url=subscribe_url)
        return Event(external_id=message["MessageId"], event_type=kind, handshake=handshake)
    if kind == "UnsubscribeConfirmation":
        return Event(external_id=message["MessageId"], event_type=kind, handshake=Handshake())
    subject = message.get("Subject")
    topic_name = message["TopicArn"].rsplit(":", 1)[-1]
    return Event(
        external_id=message["MessageId"],
        event_type=subject if isinstance(subject, str) and subject else topic_name,
    )


SENDER = Sender(
    name="aws_sns",
    label="Amazon SNS",
    family="rsa_certificate",
    docs_url="https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html",
    setup=(
        "Paste the topic's ARN (arn:aws:sns:region:account:name) as the secret, then subscribe "
        "the Hooklane URL (HTTPS protocol) to the topic: Hooklane confirms the subscription "
        "itself. Messages from any other topic are refused."
    ),
    verifier=verify,
    credential_name="Topic ARN",
)
