"""CI's vulnerability audit (.ci/audit) never reports a pass when it could not reach any advisory data.

pip-audit itself is replaced by a small stand-in that answers like the real one does in each situation
(every package skipped as "not found", a finding, a clean audit): the point is what CI then prints and
whether it fails, which is .ci/audit's own logic.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

STAND_IN = textwrap.dedent(
    """\
    #!{python}
    import json, os, sys
    mode = os.environ["STAND_IN_MODE"]
    reqs = open(sys.argv[sys.argv.index("-r") + 1]).read()
    canary = "django==3.2.0" in reqs
    if mode == "unreachable":
        name, version = reqs.split()[0].split("==")
        print(json.dumps({{"dependencies": [{{"name": name, "skip_reason":
            f"Dependency not found on PyPI and could not be audited: {{name}} ({{version}})"}}]}}))
        if "--format" not in sys.argv:
            print("No known vulnerabilities found")
        sys.exit(0)
    if canary:
        print(json.dumps({{"dependencies": [{{"name": "django", "version": "3.2.0",
            "vulns": [{{"id": "PYSEC-2021-98"}}]}}]}}))
        sys.exit(1)
    assert "--strict" in sys.argv, "the real audit must run with --strict"
    if mode == "finding":
        print("Found 1 known vulnerability in 1 package")
        sys.exit(1)
    print("No known vulnerabilities found")
    """
)


def _audit(tmp_path, mode):
    tool = tmp_path / "pip-audit"
    tool.write_text(STAND_IN.format(python=sys.executable))
    tool.chmod(0o755)
    env = {**os.environ, "PIP_AUDIT": str(tool), "STAND_IN_MODE": mode}
    return subprocess.run(["bash", ".ci/audit"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_an_audit_without_advisory_data_says_it_did_not_run(tmp_path):
    result = _audit(tmp_path, "unreachable")
    assert "AUDIT NOT RUN" in result.stdout
    assert "NOT audited" in result.stdout
    assert "No known vulnerabilities found" not in result.stdout


@pytest.mark.parametrize(("mode", "code"), [("finding", 1), ("clean", 0)])
def test_an_audit_with_advisory_data_fails_on_a_finding_and_passes_when_clean(tmp_path, mode, code):
    result = _audit(tmp_path, mode)
    assert result.returncode == code
    assert "AUDIT NOT RUN" not in result.stdout
    assert "--strict" in result.stdout
