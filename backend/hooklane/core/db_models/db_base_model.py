"""The abstract base every Hooklane model inherits: UUID key, timestamps, `to_dict()`."""

import uuid
from datetime import datetime
from decimal import Decimal

from django.db import models


def _jsonable(value):
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        # Raw bodies are not JSON; callers that need them read the field itself.
        return None
    return value


class DBBaseModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def to_dict(self) -> dict:
        """Concrete field values keyed by attname (`organization_id`), JSON-safe."""
        return {
            field.attname: _jsonable(getattr(self, field.attname))
            for field in self._meta.concrete_fields
            if field.attname != "password"
        }
