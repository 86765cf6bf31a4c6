"""Production configuration as the containers run it: Django's deployment checks pass,
missing secrets stop the service, the web server answers its health check, and every
setting read from the environment is documented.

These start real processes with vsh.settings.production, so they run from a clean
environment rather than the test settings."""
# ruff: noqa: S310, S603, S607 - fixed commands and local URLs the tests choose

import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = str(Path(PYTHON).parent)


def production_env(tmp_path, **overrides) -> dict:
    """What docker compose gives the app containers, on SQLite in tmp_path."""
    env = {
        "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "vsh.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "vsh.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://vsh.example.org",
        "SITE_URL": "https://vsh.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vsh.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "TRUSTED_PROXY_COUNT": "1",
        "VSH_VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "staticfiles"),
    }
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def manage(tmp_path, *args, **overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=production_env(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deployment_checks_find_no_issues(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = manage(tmp_path, "check", SECRET_KEY=None)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set the SECRET_KEY environment variable." in result.stderr


def test_production_refuses_an_empty_secret_key(tmp_path):
    result = manage(tmp_path, "check", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = manage(tmp_path, "check", ALLOWED_HOSTS=None)

    assert result.returncode != 0
    assert "Set the ALLOWED_HOSTS environment variable." in result.stderr


@pytest.mark.skipif(
    not (ROOT / "static" / "dist" / "app.css").exists(),
    reason="front-end assets not built (npm run build)",
)
def test_static_files_collect_as_in_the_image_build(tmp_path):
    # The Dockerfile runs this step; the hashed storage fails on a stylesheet that
    # refers to a file that is not there.
    result = manage(
        tmp_path,
        "collectstatic",
        "--noinput",
        "--ignore",
        "scss",
        "--ignore",
        "*.mjs",
        SECRET_KEY="collectstatic-placeholder",
        ALLOWED_HOSTS="localhost",
    )

    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    manifest = (tmp_path / "staticfiles" / "staticfiles.json").read_text()
    assert '"dist/app.css"' in manifest
    assert "scss" not in manifest


# The web container -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers: dict) -> tuple[int, dict]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


@pytest.fixture
def web_server(tmp_path):
    """gunicorn with deploy/gunicorn.conf.py, as the web container starts it."""
    port = _free_port()
    env = production_env(tmp_path, GUNICORN_WORKERS="1")
    log = open(tmp_path / "gunicorn.log", "w")
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "vsh.wsgi",
            "--config",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    health_env = {**env, "HEALTHCHECK_URL": f"{base}/healthz"}
    try:
        deadline = time.monotonic() + 30
        while True:
            check = subprocess.run(
                [PYTHON, "deploy/healthcheck.py"],
                cwd=ROOT,
                env=health_env,
                capture_output=True,
                text=True,
                timeout=20,
            )
            if check.returncode == 0:
                break
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(
                    "gunicorn did not become healthy:\n"
                    + (tmp_path / "gunicorn.log").read_text()
                    + check.stderr
                )
            time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_web_container_health_check_passes_over_plain_http(web_server):
    status, _ = _get(f"{web_server}/healthz", {"Host": "vsh.example.org"})

    assert status == 200


def test_pages_other_than_the_health_check_redirect_to_https(web_server):
    status, headers = _get(f"{web_server}/accounts/login/", {"Host": "vsh.example.org"})

    assert status == 301
    assert headers["Location"] == "https://vsh.example.org/accounts/login/"


def test_requests_for_another_host_are_refused(web_server):
    status, _ = _get(f"{web_server}/healthz", {"Host": "attacker.example.com"})

    assert status == 400


def test_health_check_uses_an_allowed_host_name():
    sys.path.insert(0, str(ROOT / "deploy"))
    try:
        from healthcheck import host_header
    finally:
        sys.path.pop(0)

    assert host_header("vsh.example.org,www.vsh.example.org") == "vsh.example.org"
    assert host_header(" .council.gov.uk") == "council.gov.uk"
    assert host_header("*") == "localhost"


# The entrypoint ----------------------------------------------------------------------


def _run_entrypoint(tmp_path, **overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", "deploy/entrypoint.sh", PYTHON, "-c", "print('command ran')"],
        cwd=ROOT,
        env=production_env(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_entrypoint_runs_the_command_without_migrating_by_default(tmp_path):
    result = _run_entrypoint(tmp_path, MIGRATE_ON_START=None)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "command ran"
    assert not (tmp_path / "vsh.sqlite3").exists()


def test_entrypoint_migrates_first_when_asked(tmp_path):
    result = _run_entrypoint(tmp_path, MIGRATE_ON_START="1")

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("command ran")
    with sqlite3.connect(tmp_path / "vsh.sqlite3") as db:
        applied = {app for (app,) in db.execute("SELECT DISTINCT app FROM django_migrations")}
    assert {"accounts", "audit", "children", "schools"} <= applied


# Documentation ----------------------------------------------------------------------

ENV_READ = re.compile(
    r"""\b(?:env|env_bool|env_int|env_list|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
# Read by base.py but fixed by production.py, so not configurable in production.
NOT_CONFIGURABLE_IN_PRODUCTION = {"DEBUG"}


def _environment_variables() -> set[str]:
    names = set()
    for path in [
        *sorted((ROOT / "vsh" / "settings").glob("*.py")),
        ROOT / "deploy" / "gunicorn.conf.py",
    ]:
        if path.name in {"dev.py", "test.py"}:
            continue
        names |= set(ENV_READ.findall(path.read_text()))
    # dj-database-url reads DATABASE_URL through its own env= argument.
    names.add("DATABASE_URL")
    # Variables docker-compose.yml substitutes from .env.
    names |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", (ROOT / "docker-compose.yml").read_text()))
    return names - NOT_CONFIGURABLE_IN_PRODUCTION


def test_env_example_documents_every_setting():
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )

    missing = _environment_variables() - documented
    assert not missing, f".env.example does not mention: {sorted(missing)}"


def test_deploy_guide_documents_every_setting():
    guide = (ROOT / "docs" / "deploy.md").read_text()

    missing = {name for name in _environment_variables() if f"`{name}`" not in guide}
    assert not missing, f"docs/deploy.md does not describe: {sorted(missing)}"
