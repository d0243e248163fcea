"""The search document of one webhook log, kept beside the log so ingest never builds it."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class WebhookLogSearch(models.Model):
    """Filled by the worker that processes the log, and by a beat sweep for the logs no
    worker routes (rejected, handshakes, captured, held). Not a DBBaseModel: one row per
    log, keyed by the log's id, so a second key and its index would only slow each write."""

    log = models.OneToOneField(
        "webhooks.WebhookLog",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    # The log's organization again, so the GIN index holds it (btree_gin) and a search
    # reads one index for "this organization's logs matching these words".
    organization = models.ForeignKey(
        "accounts.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    document = SearchVectorField()

    class Meta:
        db_table = "webhook_log_search"
        indexes = [GinIndex(fields=["organization", "document"], name="log_search_org_gin")]

    def __str__(self) -> str:
        return f"search document of {self.log_id}"
