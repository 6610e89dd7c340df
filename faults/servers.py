"""Private PostgreSQL and Redis servers for fault tests that stop and restart them.

Each runs from a temporary directory on a free loopback port, so a test may kill it at will:
the shared servers (5432, 6379) that other work uses are never touched. PostgreSQL refuses to
run as root, so as root (CI) the cluster belongs to the `postgres` system user.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from django.conf import settings as django_settings


class ServerUnavailable(RuntimeError):
    """The server's programs are not installed (a test skips, a script says so)."""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, *, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise TimeoutError(f"{what} did not happen within {timeout} s")


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class PrivateRedis:
    """redis-server on a free port, without persistence; stop() and start() keep the port."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise ServerUnavailable("redis-server is not installed (Debian package redis-server)")
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="portal-fault-redis-")
        self.process = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", self.directory, "--logfile", os.path.join(self.directory, "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), timeout=10, what=f"Redis on port {self.port} starting")
        return self

    def stop(self):
        """Stop the server at once (SIGKILL: nothing is saved, as when a host dies)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
        wait_for(lambda: not port_open(self.port), timeout=10, what=f"Redis on port {self.port} stopping")

    def close(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()


def postgres_bindir():
    explicit = os.environ.get("PG_BINDIR")
    candidates = [explicit] if explicit else sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name), reverse=True
    )
    for directory in candidates:
        if directory and os.path.exists(os.path.join(directory, "initdb")):
            return directory
    raise ServerUnavailable("PostgreSQL's initdb and pg_ctl are not installed (Debian package postgresql)")


class PrivatePostgres:
    """A throwaway PostgreSQL cluster (trust authentication, fsync off) on a free port."""

    def __init__(self):
        self.bindir = postgres_bindir()
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="portal-fault-pg-")
        self.data = os.path.join(self.directory, "data")
        self.log = os.path.join(self.directory, "postgres.log")
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.directory, user="postgres", group="postgres")
        self.initialised = False

    def _run(self, program, *args, check=True):
        command = [os.path.join(self.bindir, program), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, cwd=self.directory)

    def url(self, database="postgres"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self):
        if not self.initialised:
            self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
            self.initialised = True
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run("pg_ctl", "-D", self.data, "-o", options, "-l", self.log, "-w", "-t", "60", "start")
        return self

    def stop(self, mode="fast"):
        """pg_ctl stop: `fast` ends every session at once, as a restart by an operator does."""
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop", check=False)

    def restart(self, *, down_for=0.0):
        self.stop()
        time.sleep(down_for)
        self.start()

    def psql(self, sql, database="postgres"):
        return subprocess.run(
            ["psql" if shutil.which("psql") else os.path.join(self.bindir, "psql"),
             "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1",
             "-qAtc", sql],
            check=True, capture_output=True, text=True,
        ).stdout

    def create_database(self, name, template=None):
        self.psql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def close(self):
        self.stop(mode="immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()


def production_environment(database_url, **extra):
    """The environment of a production process (DEBUG off, a real secret key) on this machine:
    plain HTTP on the loopback, so no redirect to HTTPS."""
    import secrets
    import sys

    env = {
        key: value for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "TEST_DATABASE_NAME", "REDIS_CACHE_URL", "CELERY_BROKER_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=database_url, DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="WARNING", PYTHONPATH=str(Path(__file__).resolve().parent.parent),
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    )
    # The caller's queue: under pytest-xdist each test process has its own (config/test_settings.py).
    env["CELERY_TASK_DEFAULT_QUEUE"] = django_settings.CELERY_TASK_DEFAULT_QUEUE
    env.update({key: str(value) for key, value in extra.items()})
    return env


_static_collected = []


def collect_static(environment):
    """Production serves hashed static names from the manifest that collectstatic writes (once
    per run)."""
    import sys

    if _static_collected:
        return
    _static_collected.append(True)
    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=root, env=environment, check=True
    )


class PortalServer:
    """The portal under gunicorn with production settings on a free port (static files
    collected first, as the Docker image does)."""

    def __init__(self, environment, *, workers=3):
        self.environment, self.workers = environment, workers
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="portal-fault-gunicorn-", suffix=".log", delete=False).name
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        import sys

        root = Path(__file__).resolve().parent.parent
        collect_static(self.environment)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", str(self.workers), "--timeout", "30", "--graceful-timeout", "5"],
                cwd=root, env=self.environment, stdout=log, stderr=log,
            )
        wait_for(lambda: port_open(self.port) or self.process.poll() is not None, timeout=60, what="gunicorn starting")
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; its log: {self.log}")
        return self

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class CeleryWorker:
    """`celery worker` (prefork, one child, as production runs it) with beat embedded, in its
    own process group so that a test can kill the whole worker at once."""

    def __init__(self, environment, *, concurrency=1, beat=True):
        self.environment, self.concurrency, self.beat = environment, concurrency, beat
        self.directory = tempfile.mkdtemp(prefix="portal-fault-worker-")
        self.log = os.path.join(self.directory, "worker.log")
        self.process = None

    def start(self):
        import sys

        if self.environment.get("DEBUG") == "0":
            collect_static(self.environment)  # the report and agenda templates name static files
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork",
                   "--concurrency", str(self.concurrency), "--loglevel", "INFO", "--without-gossip",
                   "--without-mingle", "--hostname", f"fault-{os.getpid()}@%h"]
        if self.beat:
            command += ["--beat", "--schedule", os.path.join(self.directory, "beat-schedule")]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=Path(__file__).resolve().parent.parent, env=self.environment,
                stdout=log, stderr=log, start_new_session=True,
            )
        wait_for(lambda: "ready." in self.read_log() or self.process.poll() is not None, timeout=90, what="the worker starting")
        if self.process.poll() is not None:
            raise RuntimeError(f"the worker exited; its log: {self.log}")
        return self

    def read_log(self):
        try:
            with open(self.log, encoding="utf-8", errors="replace") as log:
                return log.read()
        except FileNotFoundError:
            return ""

    def children(self):
        """The pool's child processes (they run the tasks)."""
        try:
            with open(f"/proc/{self.process.pid}/task/{self.process.pid}/children") as listing:
                return [int(pid) for pid in listing.read().split()]
        except FileNotFoundError:
            return []

    def kill(self):
        """SIGKILL the whole worker, parent and children, as the OOM killer or `docker kill` does."""
        import signal

        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self):
        if self.process is not None:
            import signal

            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
            self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
