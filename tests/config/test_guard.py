"""config/guard.py: production refuses to start with a missing, short or guessable SECRET_KEY."""

import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from config.guard import secret_key_problem

ROOT = Path(__file__).resolve().parents[2]
STRONG = secrets.token_urlsafe(50)
# Keys as the generator makes them, fixed here so that every xdist worker collects the same ids.
GENERATED_LOOKING = "pbq0-Lo3hnYMMWM6o5ytWGZpSu4kV9r2Xc8dTq1fE7aLmN0sJwYhBzRiGuOvPxKlHtC3yD"
WEAK = [
    "x" * 60,  # one character
    "s3cr3t",  # short
    GENERATED_LOOKING[:27],  # random but short (27 characters)
    "django-insecure-" + GENERATED_LOOKING,
    "insecure-development-key-only-for-debug-mode-0123456789abcdefghijkl",
    "test-only-secret-key-not-for-production-0123456789abcdef",
    "changeme-" + GENERATED_LOOKING,
]


@pytest.mark.parametrize("key", WEAK)
def test_weak_keys_have_a_problem(key):
    assert secret_key_problem(key)


def test_a_generated_key_has_none():
    assert secret_key_problem(STRONG) is None


def run(code, **env):
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)


@pytest.mark.parametrize("key", ["short-key", "x" * 60])
def test_the_web_process_refuses_a_weak_key(key):
    result = run("import config.wsgi", SECRET_KEY=key)
    assert result.returncode != 0 and "SECRET_KEY is too weak for production" in result.stderr


def test_the_worker_refuses_a_weak_key():
    code = "import django; django.setup(); from config.celery import refuse_to_work_without_a_secret_key as r; r()"
    result = run(code, SECRET_KEY="short-key")
    assert result.returncode != 0 and "SECRET_KEY is too weak for production" in result.stderr


def test_the_web_process_starts_with_a_strong_key():
    result = run("import config.wsgi; print('started')", SECRET_KEY=STRONG)
    assert result.returncode == 0 and "started" in result.stdout, result.stderr


def test_debug_mode_accepts_any_key():
    result = run("import config.wsgi; print('started')", SECRET_KEY="short-key", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_the_deploy_check_names_a_weak_key():
    environment = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings", "SECRET_KEY": "short-key"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=environment,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "portal.E002" in result.stderr
