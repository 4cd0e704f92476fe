import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.db import IntegrityError, transaction
from django.test import RequestFactory

from accounts.models import Role, User
from accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def authenticate(**credentials):
    # django-axes checks every log-in against its lock-outs, so it needs the request.
    return django_authenticate(RequestFactory().post("/accounts/login/"), **credentials)


def test_a_user_logs_in_with_username_or_email_in_any_case():
    user = UserFactory(username="lies", email="lies.peeters@voka.be")
    assert authenticate(username="lies", password=PASSWORD) == user
    assert authenticate(username="LIES", password=PASSWORD) == user
    assert authenticate(username="Lies.Peeters@voka.be", password=PASSWORD) == user


def test_a_wrong_password_or_unknown_name_does_not_log_in():
    UserFactory(username="lies")
    assert authenticate(username="lies", password="wrong") is None
    assert authenticate(username="nobody", password=PASSWORD) is None


def test_an_inactive_user_cannot_log_in():
    UserFactory(username="lies", is_active=False)
    assert authenticate(username="lies", password=PASSWORD) is None


def test_two_users_cannot_share_an_email_address():
    UserFactory(email="an@fitagency.be")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="AN@fitagency.be")


def test_users_without_email_may_coexist():
    UserFactory(email="")
    UserFactory(email="")
    assert User.objects.filter(email="").count() == 2


def test_roles_come_from_the_groups_made_by_the_migration():
    manager = UserFactory(roles=[Role.MANAGER])
    assert manager.is_manager and manager.is_fit_staff
    partner = UserFactory(roles=[Role.PARTNER_USER])
    assert partner.has_role(Role.PARTNER_USER) and not partner.is_fit_staff
    nobody = UserFactory()
    assert not nobody.is_fit_staff and not nobody.has_role(Role.PARTNER_USER)
