"""The production settings (config/settings.py) plus the bare view of bench/urls.py: what the
gunicorn benchmarks serve (bench/serve.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
