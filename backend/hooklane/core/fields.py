"""A model field for secrets encrypted at rest, and the batched walk that re-encrypts them."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from .encryption import SecretDecryptionError, decrypt, encrypt


class EncryptedTextField(models.TextField):
    """Plaintext on the model, a Fernet token in the column (hooklane.core.encryption).

    An empty value stays empty: it says only that there is no secret, which the API shows
    anyway. Lookups compare the stored token, so only `""` is meaningful in a filter; read
    the token itself with `stored_token(name)`.
    """

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_db_prep_save(self, value, connection):
        if hasattr(value, "as_sql"):
            return value  # an expression writes what it computes (reseal_rows: a token)
        value = self.get_prep_value(value)
        return encrypt(value) if value else value


def stored_token(name: str) -> Cast:
    """The column as stored (the token, undecrypted), for values() and annotate()."""
    return Cast(name, models.TextField())


def encrypted_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def models_with_encrypted_fields() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        if encrypted_fields(model):
            yield model


@dataclass
class Resealed:
    checked: int = 0  # rows read
    changed: int = 0  # rows written
    failed: list[str] = field(default_factory=list)  # ids of rows with a value that did not decrypt


def reseal_rows(
    model,
    *,
    change: Callable[[str], str | None],
    fields: list[str] | None = None,
    batch_size: int = 500,
    on_batch: Callable[[Resealed], None] | None = None,
) -> Resealed:
    """Pass every stored non-empty value of the model's encrypted fields through `change`
    (None: keep it) and write what changed, `batch_size` rows per transaction in key order.

    Each batch is locked while it is read and written, so a rotate-secret racing it is never
    overwritten; a value `change` cannot decrypt is counted in `failed` and left as it is.
    """
    names = fields or encrypted_fields(model)
    aliases = {f"stored_{name}": stored_token(name) for name in names}
    total = Resealed()
    last = None
    while True:
        with transaction.atomic():
            rows = model._base_manager.order_by("pk").select_for_update()
            if last is not None:
                rows = rows.filter(pk__gt=last)
            batch = list(rows.annotate(**aliases).values_list("pk", *aliases)[:batch_size])
            for pk, *stored in batch:
                updates = {}
                for name, value in zip(names, stored, strict=True):
                    if not value:
                        continue
                    try:
                        new = change(value)
                    except SecretDecryptionError:
                        if str(pk) not in total.failed[-1:]:
                            total.failed.append(str(pk))
                        continue
                    if new is not None and new != value:
                        updates[name] = models.Value(new, output_field=models.TextField())
                if updates:
                    model._base_manager.filter(pk=pk).update(**updates)
                    total.changed += 1
            total.checked += len(batch)
        if not batch:
            return total
        last = batch[-1][0]
        if on_batch is not None:
            on_batch(total)
