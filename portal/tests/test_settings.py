"""Settings read from the environment: what an administrator writes is what the portal does."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from portal.email_url import email_config

ROOT = Path(settings.BASE_DIR)


def test_a_filemail_url_with_three_slashes_is_an_absolute_folder():
    config = email_config("filemail:///var/spool/portal-mail", base_dir=Path("/srv/portal"))
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert config["EMAIL_FILE_PATH"] == "/var/spool/portal-mail"


def test_a_relative_filemail_folder_is_under_the_project_folder_not_the_current_one():
    config = email_config("filemail://var/mail", base_dir=Path("/srv/portal"))
    assert config["EMAIL_FILE_PATH"] == "/srv/portal/var/mail"


def test_a_filemail_url_without_a_folder_is_refused_with_an_explanation():
    with pytest.raises(ImproperlyConfigured, match="filemail:///absolute/path"):
        email_config("filemail://", base_dir=ROOT)


def test_smtp_urls_are_parsed_as_before():
    config = email_config("smtp+tls://user:secret@smtp.example.org:587", base_dir=ROOT)
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["EMAIL_HOST"], config["EMAIL_PORT"], config["EMAIL_USE_TLS"]) == ("smtp.example.org", 587, True)
    assert (config["EMAIL_HOST_USER"], config["EMAIL_HOST_PASSWORD"]) == ("user", "secret")


def test_an_unknown_mail_scheme_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_config("pigeon://loft", base_dir=ROOT)


def test_the_portal_started_with_an_absolute_filemail_url_writes_its_mail_there(tmp_path):
    folder = tmp_path / "mail"
    elsewhere = tmp_path / "elsewhere"  # the process starts in another folder, as a service manager may do
    elsewhere.mkdir()
    code = (
        "import django; django.setup(); from django.conf import settings; from django.core.mail import send_mail; "
        "print(settings.EMAIL_FILE_PATH); send_mail('Test', 'Body', None, ['lies@voka.be'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "1",
        "EMAIL_URL": f"filemail://{folder}",
    }
    result = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(folder)
    assert Path(result.stdout.strip()).is_absolute()
    assert len(list(folder.iterdir())) == 1
    assert not any(elsewhere.iterdir())


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_points_the_links_in_mail_at_its_host():
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", "HOST=127.0.0.1:8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert "export SITE_URL=${SITE_URL:-http://127.0.0.1:8123}" in result.stdout
