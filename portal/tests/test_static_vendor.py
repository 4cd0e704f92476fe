"""The committed front-end files are the published ones: Bootstrap's built files match the checksums recorded
beside them (static/vendor/bootstrap/README.md says where they come from), and the pages load them."""

import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap"


def test_bootstraps_files_are_the_ones_published_with_their_version():
    recorded = dict(line.split()[::-1] for line in (VENDOR / "SHA256SUMS").read_text().splitlines())
    assert set(recorded) == {
        "css/bootstrap.min.css",
        "css/bootstrap.min.css.map",
        "js/bootstrap.bundle.min.js",
        "js/bootstrap.bundle.min.js.map",
    }
    for name, digest in recorded.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    version = re.search(r"Bootstrap (\d+\.\d+\.\d+)", (VENDOR / "README.md").read_text()).group(1)
    assert f"Bootstrap  v{version} " in (VENDOR / "css" / "bootstrap.min.css").read_text()[:200]
    assert f"Bootstrap v{version} " in (VENDOR / "js" / "bootstrap.bundle.min.js").read_text()[:200]


def test_the_pages_find_them_through_the_static_files():
    for path in ("vendor/bootstrap/css/bootstrap.min.css", "vendor/bootstrap/js/bootstrap.bundle.min.js"):
        assert finders.find(path) == str(VENDOR / path.removeprefix("vendor/bootstrap/"))
