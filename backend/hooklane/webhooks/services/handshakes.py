"""What a sender's set-up probe asks Hooklane to do after answering it."""

import logging
import uuid

from ..models import WebhookProvider
from ..schemes import SignatureError, aws_sns, certificates

logger = logging.getLogger(__name__)


def subscription_confirm(*, provider_id: uuid.UUID, url: str) -> bool:
    """GET an AWS SNS SubscribeURL through the SSRF-guarded client, only when it is one of
    SNS's own URLs and the provider still exists; True when SNS answered 200."""
    provider = WebhookProvider.objects.filter(
        pk=provider_id, provider_name="aws_sns", deleted_at__isnull=True
    ).first()
    if provider is None:
        return False
    try:
        certificates.fetch(
            aws_sns.SUBSCRIBE_SENDER,
            url,
            (aws_sns.SUBSCRIBE_URL_PATTERN,),
            header="SubscribeURL",
        )
    except SignatureError as exc:
        logger.warning(
            "could not confirm the SNS subscription of provider %s: %s", provider_id, exc
        )
        return False
    logger.info("confirmed the SNS subscription of provider %s", provider_id)
    return True
