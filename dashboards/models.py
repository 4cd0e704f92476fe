"""The dashboards keep no data of their own, only what tells whether the data they show changed
(see dashboards/freshness.py)."""

import uuid

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


def new_epoch() -> str:
    return uuid.uuid4().hex


class DataVersion(models.Model):
    """One row. `epoch` is new whenever the database is migrated or restored, so that versions of another
    database (or of this one before a restore) never match in a shared cache.

    `version`: on PostgreSQL the number of DataChange rows compacted away so far; on SQLite a random
    number that the triggers replace with every write.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    epoch = models.CharField(max_length=32, default=new_epoch)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("dashboard data version")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="dataversion_single_row")]

    def __str__(self) -> str:
        return f"{self.epoch}:{self.version}"


class DataChange(models.Model):
    """PostgreSQL: one row per statement that wrote to a table the dashboards read, added by a trigger."""

    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("dashboard data change")

    def __str__(self) -> str:
        return f"{self.pk} ({self.at:%Y-%m-%d %H:%M:%S})"
