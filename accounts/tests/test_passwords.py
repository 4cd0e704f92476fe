"""Passwords are stored as Argon2id with OWASP's parameters; a PBKDF2 hash of before upgrades at log-in."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password
from django.urls import reverse

import portal.settings as project_settings
from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_hashers(settings):
    # The suite hashes with MD5 for speed (conftest.py); these tests use the project's own list.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_a_new_password_is_stored_as_argon2id_with_owasps_parameters(real_hashers):
    encoded = make_password("een goed wachtwoord")
    algorithm, variant, _version, params, _salt, _hash = encoded.split("$")
    assert (algorithm, variant) == ("argon2", "argon2id")
    assert dict(part.split("=") for part in params.split(",")) == {"m": "19456", "t": "2", "p": "1"}


def test_a_pbkdf2_hash_of_before_still_logs_in_and_becomes_argon2id(real_hashers, client):
    user = UserFactory(username="lies")
    User.objects.filter(pk=user.pk).update(password=make_password("mijn oude wachtwoord", hasher="pbkdf2_sha256"))

    response = client.post(reverse("login"), {"username": "lies", "password": "mijn oude wachtwoord"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password("mijn oude wachtwoord")
    assert not user.check_password("een ander wachtwoord")
