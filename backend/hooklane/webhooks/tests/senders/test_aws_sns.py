"""Amazon SNS: messages signed by AWS's documented recipe with a self-signed certificate that a
local server publishes, fetched through the SSRF-guarded client."""

import base64
import json
import re
import time

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from hooklane.webhooks.schemes import SignatureError, certificates, verify
from hooklane.webhooks.schemes.aws_sns import CERT_URL_PATTERNS, SUBSCRIBE_URL_PATTERN
from hooklane.webhooks.tests.conformance import assert_sender_conforms, signed_request
from hooklane.webhooks.tests.senders.certs import rsa_key, self_signed

TOPIC = "arn:aws:sns:us-west-2:123456789012:MyTopic"
CERT_PATH = "/SimpleNotificationService-7506a1e35b36ef5a444dd1a8e7cc3ed8.pem"
SUBSCRIBE_URL = (
    "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription"
    f"&TopicArn={TOPIC}&Token=2336412f37fb687f5d51e6e2425dacbba9c2a4f6"
)


@pytest.fixture
def cert_url(settings, httpserver):
    url = httpserver.url_for(CERT_PATH)
    httpserver.expect_request(CERT_PATH).respond_with_data(
        self_signed(rsa_key(), "sns.amazonaws.com")
    )
    settings.WEBHOOKS_CERTIFICATE_URLS = {"aws_sns": [re.escape(url)]}
    certificates.clear_cache()
    yield url
    certificates.clear_cache()


def signed(cert_url: str, version: str = "1", **fields) -> bytes:
    """A message as SNS sends it: the canonical "name\\nvalue\\n" string, signed with RSA."""
    message = {
        "Type": "Notification",
        "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        "TopicArn": TOPIC,
        "Subject": "order.created",
        "Message": '{"order": 42, "city": "Zürich"}',
        "Timestamp": "2012-05-02T00:54:06.655Z",
        "SignatureVersion": version,
        "SigningCertURL": cert_url,
        **fields,
    }
    message = {name: value for name, value in message.items() if value is not None}
    order = {
        "Notification": ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
    }.get(
        message["Type"],
        ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
    )
    canonical = "".join(f"{name}\n{message[name]}\n" for name in order if name in message)
    # SignatureVersion 1 is SHA-1 by SNS's design; 2 is SHA-256.
    digest = hashes.SHA1() if version == "1" else hashes.SHA256()  # noqa: S303
    signature = rsa_key().sign(canonical.encode(), padding.PKCS1v15(), digest)
    message["Signature"] = base64.b64encode(signature).decode()
    return json.dumps(message, ensure_ascii=False).encode()


def _verify(body: bytes):
    request = signed_request(
        {"x-amz-sns-message-type": "Notification"}, body, content_type="text/plain"
    )
    return verify("aws_sns", request, [TOPIC], {}, time.time())


def _reason(body: bytes) -> str:
    with pytest.raises(SignatureError) as refused:
        _verify(body)
    return refused.value.reason


@pytest.mark.parametrize("version", ["1", "2"])
def test_it_conforms(cert_url, version):
    body = signed(cert_url, version)
    assert_sender_conforms(
        "aws_sns",
        sign=lambda body, secret, now, url: {},
        required_headers=(),
        body=body,
        secret=TOPIC,
        content_type="text/plain",
        tampered_body=body.replace(b"order.created", b"order.deleted"),
        rotation=True,
        expect_id="22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        expect_type="order.created",
    )


def test_it_confirms_a_subscription_through_the_subscribe_url(cert_url):
    body = signed(
        cert_url,
        Type="SubscriptionConfirmation",
        Subject=None,
        Token="2336412f37fb687f5d51e6e2425dacbba9c2a4f6",
        SubscribeURL=SUBSCRIBE_URL,
        Message="You have chosen to subscribe to the topic ...",
    )
    event = _verify(body)

    assert event.event_type == "SubscriptionConfirmation"
    assert event.handshake is not None and event.handshake.confirm_url == SUBSCRIBE_URL


def test_it_names_a_notification_without_subject_by_its_topic(cert_url):
    event = _verify(signed(cert_url, Subject=None))

    assert event.event_type == "MyTopic"


def test_it_refuses_a_subject_added_after_signing(cert_url):
    message = json.loads(signed(cert_url, Subject=None))
    message["Subject"] = "injected"

    assert _reason(json.dumps(message).encode()) == "wrong_signature"


def test_it_refuses_a_message_from_another_topic(cert_url):
    assert _reason(signed(cert_url, TopicArn="arn:aws:sns:us-west-2:999999999999:Theirs")) == (
        "wrong_signature"
    )


def test_it_never_fetches_a_certificate_from_elsewhere(cert_url, httpserver):
    body = signed(cert_url.replace(CERT_PATH, "/SimpleNotificationService-evil.pem"))

    assert _reason(body) == "malformed_header"
    assert httpserver.log == []


def test_its_own_patterns_allow_only_sns_hosts_over_https():
    def allowed(url, patterns=CERT_URL_PATTERNS):
        return any(re.fullmatch(pattern, url) for pattern in patterns)

    assert allowed(
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"
    )
    assert allowed("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem")
    assert not allowed("http://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem")
    assert not allowed(
        "https://sns.us-east-1.amazonaws.com.evil.test/SimpleNotificationService-a.pem"
    )
    assert not allowed(
        "https://evil.test/sns.us-east-1.amazonaws.com/SimpleNotificationService-a.pem"
    )
    assert allowed(SUBSCRIBE_URL, (SUBSCRIBE_URL_PATTERN,))
    assert not allowed(
        "https://evil.test/?Action=ConfirmSubscription&x=1", (SUBSCRIBE_URL_PATTERN,)
    )
