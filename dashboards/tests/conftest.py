"""Fixtures of the dashboards' tests; the personas (manager, staff, partner_user...) come from the root conftest."""

import pytest
from django.db import transaction

from demo.load import load_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data (the facts of the 2019 parliamentary answer), loaded once per module and rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client
