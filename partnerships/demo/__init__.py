"""The demo partnership's structure (cumbria.yaml), loaded by `manage.py load_demo`."""

from pathlib import Path

DEMO_FILE = Path(__file__).resolve().parent / "cumbria.yaml"
