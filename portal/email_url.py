"""EMAIL_URL → Django's e-mail settings, for portal/settings.py.

django-environ parses the URL but drops the first "/" of its path, so `filemail:///var/mail/portal` would
write to the relative folder `var/mail/portal` under wherever the process was started. Here the path of a
`filemail://` URL is taken as written: `filemail:///absolute/path` is that absolute folder; a relative
form (`filemail://var/mail`) is relative to the project folder, never to the current directory.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

import environ
from django.core.exceptions import ImproperlyConfigured


def email_config(url: str, *, base_dir: Path) -> dict:
    """The EMAIL_* settings for `url`; fails loudly on a scheme or a file path it cannot use."""
    try:
        config = environ.Env.email_url_config(url)
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(f"EMAIL_URL {url!r}: {error}") from None
    parsed = urlparse(url)
    if parsed.scheme == "filemail":
        path = unquote(parsed.netloc + parsed.path)
        if not path.strip("/"):
            raise ImproperlyConfigured(f"EMAIL_URL {url!r} names no folder: write filemail:///absolute/path")
        config["EMAIL_FILE_PATH"] = str(Path(path) if path.startswith("/") else base_dir / path)
    return config
