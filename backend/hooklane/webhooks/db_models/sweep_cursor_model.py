"""How far a background sweep over webhook_logs has come, by received_at."""

from django.db import models


class SweepCursor(models.Model):
    """One row per sweep (`search`, `rollup`): the received_at up to which it has read every
    log. Not a DBBaseModel: a handful of rows keyed by name, written by beat only."""

    name = models.CharField(max_length=32, primary_key=True)
    position = models.DateTimeField()

    class Meta:
        db_table = "webhook_sweep_cursors"

    def __str__(self) -> str:
        return f"{self.name} at {self.position.isoformat()}"
