"""The dashboards keep no data of their own, only the version of the data they show (see dashboards/freshness.py)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_epoch() -> str:
    return uuid.uuid4().hex


class DataVersion(models.Model):
    """One row: a version that the database's own triggers change with every write to the data dashboards show.

    `epoch` is new whenever the row is made (a new database, a flushed one), so that versions of another
    database never match in a shared cache.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    epoch = models.CharField(max_length=32, default=new_epoch)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("dashboard data version")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="dataversion_single_row")]

    def __str__(self) -> str:
        return f"{self.epoch}:{self.version}"
