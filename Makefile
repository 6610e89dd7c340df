# Two commands on a fresh machine: `make run` (the portal with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench load faults fault-deps install migrate demo browser-deps check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The embedded default: a SQLite file in the project, Celery tasks run in-process with no broker,
# each on a thread of its own after its request (DEBUG without a broker: CELERY_TASK_IN_THREAD),
# so a quarterly report's page shows its progress as with a worker.
run: export DEBUG ?= 1
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000 (stop with Ctrl-C)"
	$(PY) manage.py runserver 127.0.0.1:8000

# Uses PostgreSQL and Redis when DATABASE_URL / CELERY_BROKER_URL are set (as CI sets them).
# On every core (pytest-xdist; TEST_WORKERS=0 runs in one process).
TEST_WORKERS ?= auto
test: $(STAMP) browser-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadgroup

# Browser tests drive Debian's Chromium; never a downloaded browser.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  (apt-get update -q && apt-get install -y -q chromium poppler-utils) >/dev/null 2>&1 || \
	  (sudo apt-get update -q && sudo apt-get install -y -q chromium poppler-utils) >/dev/null 2>&1 || \
	  echo "chromium could not be installed: browser tests will be skipped"; }

# Includes the public pages under gunicorn + wrk against a bare view (wrk is installed from
# Debian when missing).
bench: $(STAMP)
	$(PY) -m bench

# gunicorn with production settings on PostgreSQL + Redis, the demo plus a large generated
# partnership, wrk for 20 s at 32 connections: exits non-zero on any error or 5xx.
# LOAD_ARGS=--quick is CI's short form.
load: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
load: $(STAMP)
	$(PY) -m bench.load $(LOAD_ARGS)

# The long fault scenarios (docs/quality.md) on a private PostgreSQL and Redis that they start,
# stop and restart themselves in temporary directories; the shared servers are never touched.
faults: $(STAMP) fault-deps
	$(PY) -m faults $(FAULTS_ARGS)

fault-deps:
	@{ command -v redis-server >/dev/null 2>&1 && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; } || { \
	  echo "Installing Debian's redis-server and postgresql for the fault scenarios"; \
	  (apt-get update -q && apt-get install -y -q redis-server postgresql) >/dev/null 2>&1 || \
	  (sudo apt-get update -q && sudo apt-get install -y -q redis-server postgresql) >/dev/null 2>&1 || \
	  echo "redis-server or postgresql could not be installed: the scenarios needing them will fail"; }

check: $(STAMP)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
