"""AWS SNS's SubscriptionConfirmation: ingest answers it, keeps it as a handshake and hands
its SubscribeURL to a task, which GETs it through the SSRF-guarded client only when it is
one of SNS's own URLs."""

import re

import pytest

from hooklane.core.task_names import CONFIRM_SUBSCRIPTION
from hooklane.webhooks.models import WebhookLog
from hooklane.webhooks.schemes import aws_sns
from hooklane.webhooks.tasks import confirm_subscription

from .senders import ingest_path, make_provider
from .senders.test_aws_sns import CERT_PATH, TOPIC, signed

pytestmark = pytest.mark.django_db
CONFIRM_PATH = "/"


@pytest.fixture
def sns(settings, httpserver):
    """A local stand-in for SNS: its certificate and its ConfirmSubscription endpoint."""
    from hooklane.webhooks.schemes import certificates

    from .senders.certs import rsa_key, self_signed

    cert_url = httpserver.url_for(CERT_PATH)
    httpserver.expect_request(CERT_PATH).respond_with_data(
        self_signed(rsa_key(), "sns.amazonaws.com")
    )
    confirm_url = (
        httpserver.url_for("/") + f"?Action=ConfirmSubscription&Token=t-1&TopicArn={TOPIC}"
    )
    settings.WEBHOOKS_CERTIFICATE_URLS = {
        "aws_sns": [re.escape(cert_url)],
        aws_sns.SUBSCRIBE_SENDER: [re.escape(confirm_url)],
    }
    certificates.clear_cache()
    yield cert_url, confirm_url
    certificates.clear_cache()


def confirmation(cert_url: str, confirm_url: str) -> bytes:
    return signed(
        cert_url,
        Type="SubscriptionConfirmation",
        Subject=None,
        Token="t-1",
        SubscribeURL=confirm_url,
        Message="You have chosen to subscribe to the topic.",
    )


def test_ingest_answers_keeps_and_hands_over_a_subscription_confirmation(
    client, org_a, sns, httpserver, django_capture_on_commit_callbacks
):
    cert_url, confirm_url = sns
    provider = make_provider(org_a, "aws_sns", secret=TOPIC)
    httpserver.expect_request(CONFIRM_PATH).respond_with_data("<ConfirmSubscriptionResponse/>")

    with django_capture_on_commit_callbacks() as published:
        response = client.post(
            ingest_path(provider),
            confirmation(cert_url, confirm_url),
            content_type="text/plain; charset=UTF-8",
            HTTP_X_AMZ_SNS_MESSAGE_TYPE="SubscriptionConfirmation",
        )

    assert response.status_code == 200
    log = WebhookLog.objects.get(provider=provider)
    assert (log.status, log.event_type) == ("handshake", "SubscriptionConfirmation")
    # Partials publish tasks; the live feed's entry is a plain function (core/live.py).
    calls = [call for call in published if hasattr(call, "args")]
    handed = [call.args for call in calls if call.args[0] == CONFIRM_SUBSCRIPTION]
    assert [args[1] for args in handed] == [[[str(provider.id), confirm_url]]]
    assert not any(r.path == CONFIRM_PATH for r, _ in httpserver.log)

    # The task the worker runs, with the arguments ingest published.
    assert confirm_subscription(str(provider.id), confirm_url) is True
    assert [r.args["Token"] for r, _ in httpserver.log if r.path == CONFIRM_PATH] == ["t-1"]


def test_the_task_gets_nothing_but_sns_own_urls(org_a, settings, httpserver):
    provider = make_provider(org_a, "aws_sns", secret=TOPIC)
    settings.WEBHOOKS_CERTIFICATE_URLS = {}
    elsewhere = httpserver.url_for("/") + "?Action=ConfirmSubscription&Token=t-1"

    assert confirm_subscription(str(provider.id), elsewhere) is False
    assert httpserver.log == []


def test_the_task_confirms_nothing_for_a_deleted_or_other_provider(org_a, sns, httpserver):
    _cert_url, confirm_url = sns
    github = make_provider(org_a, "github")
    gone = make_provider(org_a, "aws_sns", secret=TOPIC)
    gone.deleted_at = gone.created_at
    gone.save(update_fields=["deleted_at"])

    assert confirm_subscription(str(github.id), confirm_url) is False
    assert confirm_subscription(str(gone.id), confirm_url) is False
    assert not any(r.path == CONFIRM_PATH for r, _ in httpserver.log)
